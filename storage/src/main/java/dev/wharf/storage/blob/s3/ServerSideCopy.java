package dev.wharf.storage.blob.s3;

import dev.wharf.storage.Futures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Copies an object to a blob key inside the bucket, without the bytes leaving S3: one {@code CopyObject} up to
 * S3's copy limit (5 GiB), above it a multipart upload of {@code UploadPartCopy} parts of that size. The target
 * appears whole or not at all, and only if nothing exists under it yet ({@code If-None-Match: *}); an existing
 * blob is kept and counts as success (the copy then completes with false).
 */
final class ServerSideCopy {
    /** The most bytes one CopyObject or UploadPartCopy may copy. */
    static final long MAX_COPY_BYTES = 5L << 30;

    private ServerSideCopy() {
    }

    /**
     * Copies the {@code size} bytes of {@code sourceKey} to {@code targetKey}, in pieces of {@code maxCopyBytes};
     * completes with whether it created the target (false: something was there already).
     */
    static CompletableFuture<Boolean> copy(S3Bucket bucket, String sourceKey, String targetKey, long size,
                                        long maxCopyBytes) {
        if (size <= maxCopyBytes) {
            return S3Errors.retryingConflicts(() -> bucket.client().copyObject(b -> b
                            .sourceBucket(bucket.name()).sourceKey(sourceKey)
                            .destinationBucket(bucket.name()).destinationKey(targetKey).ifNoneMatch("*")), bucket.io())
                    .handle((response, error) -> {
                        if (error != null && !S3Errors.exists(error)) {
                            throw new CompletionException(Futures.unwrap(error));
                        }
                        return error == null;
                    });
        }
        MultipartUpload upload = new MultipartUpload(bucket, targetKey);
        // One piece after the other: each is a server-side copy of up to 5 GiB, and there are few of them.
        CompletableFuture<List<CompletedPart>> copied = CompletableFuture.completedFuture(new ArrayList<>());
        int number = 1;
        for (long from = 0; from < size; from += maxCopyBytes, number++) {
            long first = from;
            long last = Math.min(size, from + maxCopyBytes) - 1;
            int part = number;
            copied = copied.thenCompose(done -> upload.copy(part, sourceKey, first, last).thenApply(p -> {
                done.add(p);
                return done;
            }));
        }
        return copied.thenCompose(done -> upload.complete(done, true))
                .thenCompose(created -> created ? CompletableFuture.completedFuture(true)
                        : upload.abort().thenApply(v -> false))
                .handle((created, error) -> error == null ? CompletableFuture.completedFuture(created)
                        : upload.abort().<Boolean>handle((a, abortError) -> {
                            Throwable cause = Futures.unwrap(error);
                            if (abortError != null) {
                                cause.addSuppressed(Futures.unwrap(abortError));
                            }
                            throw new CompletionException(cause);
                        }))
                .thenCompose(f -> f);
    }
}
