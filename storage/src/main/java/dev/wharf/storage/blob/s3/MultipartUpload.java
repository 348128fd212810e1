package dev.wharf.storage.blob.s3;

import dev.wharf.storage.Futures;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;

/**
 * One S3 multipart upload: started on construction, parts uploaded from memory or copied from another object,
 * then completed or aborted. Nothing of it is visible under its key before {@link #complete}.
 */
final class MultipartUpload {
    /** S3's limit on parts per upload. */
    static final int MAX_PARTS = 10_000;

    private final S3Bucket bucket;
    private final String key;
    private final CompletableFuture<String> uploadId;

    /** Starts an upload to {@code key}. */
    MultipartUpload(S3Bucket bucket, String key) {
        this.bucket = bucket;
        this.key = key;
        this.uploadId = bucket.client().createMultipartUpload(b -> b.bucket(bucket.name()).key(key))
                .thenApply(CreateMultipartUploadResponse::uploadId);
    }

    String key() {
        return key;
    }

    /**
     * Uploads {@code part} as part {@code number} once the upload was created. Takes ownership of {@code part}: it
     * is released once S3 answered, or once the upload could not be created.
     */
    CompletableFuture<CompletedPart> upload(int number, Part part) {
        CompletableFuture<CompletedPart> stored = uploadId.thenCompose(id -> bucket.data().uploadPart(key, id, number, part))
                .thenApply(eTag -> CompletedPart.builder().partNumber(number).eTag(eTag).build());
        // Released once S3 answered or the request failed: the request is over then, nothing reads the buffers.
        return stored.whenComplete((p, e) -> part.release());
    }

    /** Copies bytes {@code [from, to]} (inclusive) of the object {@code sourceKey} into part {@code number}. */
    CompletableFuture<CompletedPart> copy(int number, String sourceKey, long from, long to) {
        return uploadId.thenCompose(id -> bucket.client().uploadPartCopy(b -> b
                        .sourceBucket(bucket.name()).sourceKey(sourceKey).copySourceRange("bytes=" + from + "-" + to)
                        .destinationBucket(bucket.name()).destinationKey(key).uploadId(id).partNumber(number)))
                .thenApply(r -> CompletedPart.builder().partNumber(number).eTag(r.copyPartResult().eTag()).build());
    }

    /**
     * Makes the object visible from {@code parts}, which must all have been stored. With {@code ifAbsent}, only
     * if nothing exists under the key ({@code If-None-Match: *}): completes with false when something does, and
     * the upload is then still open, for the caller to abort.
     */
    CompletableFuture<Boolean> complete(List<CompletedPart> parts, boolean ifAbsent) {
        List<CompletedPart> ordered = new ArrayList<>(parts);
        ordered.sort(Comparator.comparing(CompletedPart::partNumber));
        return uploadId.thenCompose(id -> S3Errors.retryingConflicts(() -> bucket.client().completeMultipartUpload(
                        b -> b.bucket(bucket.name()).key(key).uploadId(id).multipartUpload(u -> u.parts(ordered))
                                .ifNoneMatch(ifAbsent ? "*" : null)), bucket.io()))
                .handle((response, failure) -> {
                    if (failure == null) {
                        return true;
                    }
                    if (ifAbsent && S3Errors.exists(failure)) {
                        return false;
                    }
                    throw new CompletionException(Futures.unwrap(failure));
                });
    }

    /**
     * Aborts the upload, which frees its parts; an upload S3 no longer knows counts as aborted. Call it only
     * once no part upload is in flight: S3 may keep a part that lands after the abort.
     */
    CompletableFuture<Void> abort() {
        return uploadId.handle((id, createFailure) -> createFailure != null
                ? CompletableFuture.<Void>completedFuture(null) // never created: nothing to abort
                : abort(bucket, key, id)).thenCompose(f -> f);
    }

    /** Aborts the upload {@code uploadId} to {@code key}; one S3 no longer knows counts as aborted. */
    static CompletableFuture<Void> abort(S3Bucket bucket, String key, String uploadId) {
        return bucket.client().abortMultipartUpload(b -> b.bucket(bucket.name()).key(key).uploadId(uploadId))
                .handle((response, failure) -> {
                    if (failure != null && !S3Errors.notFound(failure)) {
                        throw new CompletionException(Futures.unwrap(failure));
                    }
                    return null;
                });
    }
}
