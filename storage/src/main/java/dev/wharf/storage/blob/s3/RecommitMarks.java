package dev.wharf.storage.blob.s3;

import dev.wharf.codec.Digest;
import dev.wharf.storage.Futures;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.async.AsyncRequestBody;

/**
 * When a blob that exists already was committed again: an empty object {@code commits/sha256/<hex>} per such blob,
 * written (overwritten) at each re-commit, whose Last-Modified counts as the blob's age for garbage collection.
 *
 * <p>Why a marker, not a copy of the blob onto itself: a self-copy rewrites every byte of the blob to move its date
 * (above 5 GiB as a multipart copy), and S3 servers differ on copying a key onto itself; one empty {@code PUT}
 * moves the date of a blob of any size on any S3. A marker without its blob (the blob was deleted between the two)
 * changes nothing, since only blobs are listed; {@link S3BlobStore#delete} removes a blob's marker with it.
 */
final class RecommitMarks {
    private RecommitMarks() {
    }

    /** Records that the existing blob {@code digest} was committed again, now. */
    static CompletableFuture<Void> touch(S3Bucket bucket, Digest digest) {
        return bucket.client().putObject(b -> b.bucket(bucket.name()).key(bucket.layout().commitKey(digest))
                        .contentLength(0L), AsyncRequestBody.empty())
                .thenApply(r -> null);
    }

    /** Removes the marker of {@code digest}, if there is one (S3 answers a delete of a missing key alike). */
    static CompletableFuture<Void> delete(S3Bucket bucket, Digest digest) {
        return bucket.client().deleteObject(b -> b.bucket(bucket.name()).key(bucket.layout().commitKey(digest)))
                .thenApply(r -> null);
    }

    /** When the blob {@code digest} was last committed again, or empty when it never was (or its marker is gone). */
    static CompletableFuture<Optional<Instant>> find(S3Bucket bucket, Digest digest) {
        return bucket.client().headObject(b -> b.bucket(bucket.name()).key(bucket.layout().commitKey(digest)))
                .handle((response, error) -> {
                    if (error == null) {
                        return Optional.of(response.lastModified());
                    }
                    if (S3Errors.notFound(error)) {
                        return Optional.<Instant>empty();
                    }
                    throw new CompletionException(Futures.unwrap(error));
                });
    }

    /** Every marker: the digest it names and when that blob was last committed again. */
    static CompletableFuture<Map<Digest, Instant>> list(S3Bucket bucket) {
        Map<Digest, Instant> marks = new ConcurrentHashMap<>();
        S3Layout layout = bucket.layout();
        return bucket.client().listObjectsV2Paginator(b -> b.bucket(bucket.name()).prefix(layout.commitsPrefix()))
                .contents()
                .subscribe(object -> layout.recommittedDigestOf(object.key())
                        .ifPresent(digest -> marks.put(digest, object.lastModified())))
                .thenApply(v -> marks);
    }
}
