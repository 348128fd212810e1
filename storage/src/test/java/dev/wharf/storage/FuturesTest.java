package dev.wharf.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class FuturesTest {
    @Test
    void unwrapsNestedFutureWrappersToTheCause() {
        IOException cause = new IOException("disk full");

        assertThat(Futures.unwrap(new CompletionException(new ExecutionException(cause)))).isSameAs(cause);
        assertThat(Futures.unwrap(cause)).isSameAs(cause);
    }

    @Test
    void keepsAWrapperWithoutACauseAndWhatIsNotAFutureWrapper() {
        CompletionException bare = new CompletionException("no cause", null);
        RuntimeException other = new RuntimeException(new IOException("inside"));

        assertThat(Futures.unwrap(bare)).isSameAs(bare);
        assertThat(Futures.unwrap(new CompletionException(other))).isSameAs(other);
    }

    @Test
    void aCleanupRunsOnlyAfterAFailureWhichItKeeps() {
        IOException cause = new IOException("disk full");
        List<Throwable> seen = new ArrayList<>();
        CompletableFuture<Void> cleaned = new CompletableFuture<>();

        CompletableFuture<String> failed = Futures.cleaningUpOnFailure(CompletableFuture.failedFuture(cause), error -> {
            seen.add(error);
            return cleaned;
        });
        CompletableFuture<String> succeeded = Futures.cleaningUpOnFailure(CompletableFuture.completedFuture("ok"),
                error -> {
                    throw new AssertionError("no cleanup after a success");
                });

        assertThat(seen).containsExactly(cause);
        assertThat(failed).as("pending until the cleanup settled").isNotDone();
        cleaned.completeExceptionally(new IOException("cleanup failed too"));
        assertThatThrownBy(failed::join).hasCause(cause);
        assertThat(cause.getSuppressed()).extracting(Throwable::getMessage).containsExactly("cleanup failed too");
        assertThat(succeeded.join()).isEqualTo("ok");
    }
}
