package dev.wharf.storage.blob.s3;

import dev.wharf.storage.Futures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what writers left behind when their process died (a replica killed mid-fill): multipart uploads to
 * {@code blobs/} or {@code tmp/} started before a cutoff and without a part stored since are aborted, and staging
 * objects in {@code tmp/} last modified before it are deleted. A live writer stores a part every {@code partSize}
 * bytes, so a long fill that still moves is never taken for a dead one. Upload sessions under {@code uploads/} are left to their owner. Several
 * replicas may reap at once: an upload or object another one removed first counts as removed.
 */
final class S3Reaper {
    private static final Logger LOG = LoggerFactory.getLogger(S3Reaper.class);

    private S3Reaper() {
    }

    /** Reaps everything of {@code bucket}'s writers older than {@code cutoff}. */
    static CompletableFuture<S3BlobStore.Reaped> reap(S3Bucket bucket, Instant cutoff) {
        S3Layout layout = bucket.layout();
        List<CompletableFuture<Boolean>> aborts = Collections.synchronizedList(new ArrayList<>()); // true: aborted
        CompletableFuture<Void> uploads = bucket.client()
                .listMultipartUploadsPaginator(b -> b.bucket(bucket.name()).prefix(layout.prefix()))
                .uploads()
                .subscribe(upload -> {
                    if (!layout.isWriterKey(upload.key())) {
                        return;
                    }
                    if (upload.initiated() == null) {
                        LOG.warn("multipart upload {} of {} has no start time: left alone", upload.uploadId(), upload.key());
                    } else if (upload.initiated().isBefore(cutoff)) {
                        aborts.add(idleSince(bucket, upload.key(), upload.uploadId(), cutoff).thenCompose(idle -> idle
                                ? MultipartUpload.abort(bucket, upload.key(), upload.uploadId()).thenApply(v -> true)
                                : CompletableFuture.completedFuture(false)));
                    }
                });
        List<CompletableFuture<Void>> deletes = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> staging = bucket.client()
                .listObjectsV2Paginator(b -> b.bucket(bucket.name()).prefix(layout.stagingPrefix()))
                .contents()
                .subscribe(object -> {
                    if (object.lastModified().isBefore(cutoff)) {
                        deletes.add(bucket.client().deleteObject(b -> b.bucket(bucket.name()).key(object.key()))
                                .thenApply(r -> null));
                    }
                });
        return CompletableFuture.allOf(uploads, staging)
                .thenCompose(v -> CompletableFuture.allOf(all(aborts), all(deletes)))
                .thenApply(v -> new S3BlobStore.Reaped((int) aborts.stream().filter(CompletableFuture::join).count(),
                        deletes.size()));
    }

    /** Whether no part of the upload was stored after {@code cutoff}. */
    private static CompletableFuture<Boolean> idleSince(S3Bucket bucket, String key, String uploadId, Instant cutoff) {
        AtomicBoolean recent = new AtomicBoolean();
        return bucket.client().listPartsPaginator(b -> b.bucket(bucket.name()).key(key).uploadId(uploadId)).parts()
                .subscribe(part -> {
                    if (part.lastModified() != null && !part.lastModified().isBefore(cutoff)) {
                        recent.set(true);
                    }
                })
                .handle((v, failure) -> {
                    if (failure != null && !S3Errors.notFound(failure)) {
                        throw new CompletionException(Futures.unwrap(failure));
                    }
                    return !recent.get();
                });
    }

    private static CompletableFuture<Void> all(List<? extends CompletableFuture<?>> futures) {
        synchronized (futures) {
            return CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]));
        }
    }
}
