package dev.wharf.storage.blob.s3;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what writers left behind when their process died (a replica killed mid-fill): multipart uploads to
 * {@code blobs/} or {@code tmp/} started before a cutoff are aborted, and staging objects in {@code tmp/} last
 * modified before it are deleted. Upload sessions under {@code uploads/} are left to their owner. Several
 * replicas may reap at once: an upload or object another one removed first counts as removed.
 */
final class S3Reaper {
    private static final Logger LOG = LoggerFactory.getLogger(S3Reaper.class);

    private S3Reaper() {
    }

    /** Reaps everything of {@code bucket}'s writers older than {@code cutoff}. */
    static CompletableFuture<S3BlobStore.Reaped> reap(S3Bucket bucket, Instant cutoff) {
        S3Layout layout = bucket.layout();
        List<CompletableFuture<Void>> aborts = Collections.synchronizedList(new ArrayList<>());
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
                        aborts.add(MultipartUpload.abort(bucket, upload.key(), upload.uploadId()));
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
                .thenApply(v -> new S3BlobStore.Reaped(aborts.size(), deletes.size()));
    }

    private static CompletableFuture<Void> all(List<CompletableFuture<Void>> futures) {
        synchronized (futures) {
            return CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]));
        }
    }
}
