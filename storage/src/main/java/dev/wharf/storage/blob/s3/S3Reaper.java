package dev.wharf.storage.blob.s3;

import dev.wharf.storage.Futures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what nobody will finish. Multipart uploads of writers (to {@code blobs/} or {@code tmp/}) started before
 * a cutoff and without a part stored since are aborted, and staging objects in {@code tmp/} last modified before
 * it are deleted: the leftovers of writers whose process died (a replica killed mid-fill). A live writer stores a
 * part every {@code partSize} bytes, so a long fill that still moves is never taken for a dead one. Upload
 * sessions under {@code uploads/} whose last activity lies before the cutoff are removed, as
 * {@link S3Uploads#remove} does, whether their client gave up or a replica died completing them: a session's
 * activity is the newest of its objects' times, and a multipart upload of one of its chunks (larger than a part)
 * keeps it alive by the same rule as a writer's. Several replicas may reap at once: an upload or object another
 * one removed first counts as removed.
 */
final class S3Reaper {
    private static final Logger LOG = LoggerFactory.getLogger(S3Reaper.class);

    private S3Reaper() {
    }

    /** Reaps everything of {@code bucket}'s writers and upload sessions older than {@code cutoff}. */
    static CompletableFuture<S3BlobStore.Reaped> reap(S3Bucket bucket, Instant cutoff) {
        return reapWriters(bucket, cutoff).thenCombine(reapSessions(bucket, cutoff),
                (writers, sessions) -> new S3BlobStore.Reaped(writers.uploadsAborted(), writers.stagingObjectsDeleted(),
                        sessions));
    }

    private static CompletableFuture<S3BlobStore.Reaped> reapWriters(S3Bucket bucket, Instant cutoff) {
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
                        deletes.size(), 0));
    }

    /** What one listing found of a session. */
    private static final class Session {
        private final List<String> keys = new ArrayList<>();
        private final List<S3Uploads.MultipartUploadRef> uploads = new ArrayList<>();
        private Instant lastActivity = Instant.MIN;

        synchronized void object(String key, Instant modified) {
            keys.add(key);
            touched(modified);
        }

        synchronized void upload(String key, String uploadId, Instant initiated) {
            uploads.add(new S3Uploads.MultipartUploadRef(key, uploadId));
            // An upload with no start time keeps its session: nothing says how old it is.
            touched(initiated == null ? Instant.MAX : initiated);
        }

        private void touched(Instant when) {
            lastActivity = when.isAfter(lastActivity) ? when : lastActivity;
        }
    }

    /** Removes the upload sessions of {@code bucket} whose last activity lies before {@code cutoff}; how many. */
    static CompletableFuture<Integer> reapSessions(S3Bucket bucket, Instant cutoff) {
        S3Layout layout = bucket.layout();
        Map<UUID, Session> sessions = new ConcurrentHashMap<>();
        CompletableFuture<Void> uploads = bucket.client()
                .listMultipartUploadsPaginator(b -> b.bucket(bucket.name()).prefix(layout.uploadsPrefix()))
                .uploads()
                .subscribe(upload -> layout.sessionOf(upload.key()).ifPresent(id -> sessions
                        .computeIfAbsent(id, k -> new Session()).upload(upload.key(), upload.uploadId(), upload.initiated())));
        CompletableFuture<Void> objects = bucket.client()
                .listObjectsV2Paginator(b -> b.bucket(bucket.name()).prefix(layout.uploadsPrefix()))
                .contents()
                .subscribe(object -> layout.sessionOf(object.key()).ifPresentOrElse(
                        id -> sessions.computeIfAbsent(id, k -> new Session()).object(object.key(), object.lastModified()),
                        () -> LOG.warn("ignoring {} in bucket {}: not of an upload session", object.key(), bucket.name())));
        return CompletableFuture.allOf(uploads, objects).thenCompose(v -> {
            List<CompletableFuture<Boolean>> removals = new ArrayList<>(); // true: removed
            sessions.forEach((id, session) -> {
                List<String> keys;
                List<S3Uploads.MultipartUploadRef> chunkUploads;
                synchronized (session) {
                    if (!session.lastActivity.isBefore(cutoff)) {
                        return;
                    }
                    keys = List.copyOf(session.keys);
                    chunkUploads = List.copyOf(session.uploads);
                }
                removals.add(idle(bucket, chunkUploads, cutoff).thenCompose(idle -> idle
                        ? S3Uploads.remove(bucket, id, keys, chunkUploads).thenApply(done -> true)
                        : CompletableFuture.completedFuture(false)));
            });
            return all(removals).thenApply(done -> (int) removals.stream().filter(CompletableFuture::join).count());
        });
    }

    /** Whether none of {@code uploads} stored a part after {@code cutoff}. */
    private static CompletableFuture<Boolean> idle(S3Bucket bucket, List<S3Uploads.MultipartUploadRef> uploads,
                                                   Instant cutoff) {
        List<CompletableFuture<Boolean>> checks = uploads.stream()
                .map(u -> idleSince(bucket, u.key(), u.uploadId(), cutoff)).toList();
        return all(checks).thenApply(v -> checks.stream().allMatch(CompletableFuture::join));
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
