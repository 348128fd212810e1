package dev.wharf.storage;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/** Helpers for the failures that come out of completable futures, for every module that chains them. */
public final class Futures {
    private Futures() {
    }

    /** The failure behind the CompletionException/ExecutionException wrappers that futures add. */
    public static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * {@code future}'s outcome, but after a failure only once {@code cleanup} ran (given the failure, unwrapped)
     * and its future settled: the failure stays {@code future}'s, with a failure of the cleanup added as
     * suppressed.
     */
    public static <T> CompletableFuture<T> cleaningUpOnFailure(CompletableFuture<T> future,
                                                             Function<Throwable, ? extends CompletionStage<?>> cleanup) {
        return future.handle((value, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(value);
            }
            Throwable cause = unwrap(error);
            CompletionStage<?> cleaning;
            try {
                cleaning = cleanup.apply(cause);
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
                return CompletableFuture.<T>failedFuture(cause);
            }
            return cleaning.toCompletableFuture().<T>handle((v, cleanupError) -> {
                if (cleanupError != null && unwrap(cleanupError) != cause) {
                    cause.addSuppressed(unwrap(cleanupError));
                }
                throw new CompletionException(cause);
            });
        }).thenCompose(f -> f);
    }
}
