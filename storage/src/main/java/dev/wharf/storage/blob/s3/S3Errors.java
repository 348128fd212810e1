package dev.wharf.storage.blob.s3;

import dev.wharf.storage.Futures;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * What the HTTP status behind an S3 failure means here (read through the wrappers futures add), and the retry a
 * 409 calls for.
 */
final class S3Errors {
    /** How often a conditional write that lost a race with another one (409) is tried again. */
    private static final int CONFLICT_RETRIES = 3;
    private static final long CONFLICT_BACKOFF_MILLIS = 200;

    private S3Errors() {
    }

    /**
     * Runs the conditional write {@code write} ({@code If-None-Match: *}), and again, up to
     * {@value #CONFLICT_RETRIES} times after a pause, while S3 answers 409: another write of the same key was in
     * progress, and its outcome (a 412 next time, or success if it failed) decides ours.
     */
    static <T> CompletableFuture<T> retryingConflicts(Supplier<CompletableFuture<T>> write, Executor io) {
        return retryingConflicts(write, io, CONFLICT_RETRIES);
    }

    private static <T> CompletableFuture<T> retryingConflicts(Supplier<CompletableFuture<T>> write, Executor io,
                                                              int retries) {
        return write.get().handle((result, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(result);
            }
            if (!conflict(failure) || retries == 0) {
                return CompletableFuture.<T>failedFuture(Futures.unwrap(failure));
            }
            Executor later = CompletableFuture.delayedExecutor(CONFLICT_BACKOFF_MILLIS, TimeUnit.MILLISECONDS, io);
            return CompletableFuture.supplyAsync(() -> null, later)
                    .thenCompose(v -> retryingConflicts(write, io, retries - 1));
        }).thenCompose(f -> f);
    }

    /** True when S3 answered 404: no such key, or no such multipart upload. */
    static boolean notFound(Throwable failure) {
        return status(failure) == 404;
    }

    /** True when S3 answered 412 to {@code If-None-Match: *}: the key exists already. */
    static boolean exists(Throwable failure) {
        return status(failure) == 412;
    }

    /** True when S3 answered 409 to a conditional write: another write to the key was in progress. */
    static boolean conflict(Throwable failure) {
        return status(failure) == 409;
    }

    private static int status(Throwable failure) {
        return Futures.unwrap(failure) instanceof AwsServiceException e ? e.statusCode() : -1;
    }
}
