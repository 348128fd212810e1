package dev.wharf.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
}
