package dev.wharf.npm;

import dev.wharf.cache.Committed;
import dev.wharf.cache.Fill;
import java.util.concurrent.CompletableFuture;

/** The end of a fill as a future: what it committed, or why it failed. */
final class FillOutcome {
    private FillOutcome() {
    }

    static CompletableFuture<Committed> of(Fill fill) {
        CompletableFuture<Committed> done = new CompletableFuture<>();
        watch(fill, done);
        return done;
    }

    private static void watch(Fill fill, CompletableFuture<Committed> done) {
        if (fill.committed().isPresent()) {
            done.complete(fill.committed().get());
        } else if (fill.failure().isPresent()) {
            done.completeExceptionally(fill.failure().get());
        } else {
            // Woken on progress as well as at the end: look again, and wait again while it runs.
            fill.awaitProgress(Long.MAX_VALUE, () -> watch(fill, done));
        }
    }
}
