package dev.wharf.storage.blob;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/** A piece of blocking file work run on the io executor; whatever it throws fails its future. */
@FunctionalInterface
interface IoCall<T> {
    T call() throws Exception;

    /** Runs {@code call} on {@code executor}; a refused task fails the future with "blob store is closed". */
    static <T> CompletableFuture<T> on(Executor executor, IoCall<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(call.call());
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("blob store is closed", e));
        }
        return result;
    }
}
