package dev.wharf.storage.blob.s3;

import dev.wharf.codec.Digest;
import dev.wharf.storage.ByteSource;
import dev.wharf.storage.Futures;
import dev.wharf.storage.blob.BlobWriter;
import dev.wharf.storage.blob.DigestMismatchException;
import dev.wharf.storage.blob.SourcePump;
import dev.wharf.storage.blob.UnknownUploadException;
import dev.wharf.storage.blob.UploadOffsetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The upload sessions of an {@link S3BlobStore}, laid out under {@code uploads/<uuid>/} as {@link S3Layout} draws
 * it: a marker object that says the session exists, and one object per chunk, named by its offset. All of a
 * session's state is in the bucket, so any replica takes any step of it.
 *
 * <ul>
 *   <li>the size is the sum of the chunk objects, listed and checked to be contiguous from 0 (S3 lists
 *       consistently after writes);
 *   <li>an append checks its offset against the size, then writes its chunk with {@code If-None-Match: *} (see
 *       {@link S3ChunkUpload}): chunks are never rewritten, and each was written by an append that saw the size
 *       equal to its offset, so the chunks stay contiguous, and of two appends at one offset one wins;
 *   <li>a complete streams the chunks in order, each with a ranged {@code GET}, through {@link S3BlobStore#writer(Digest)},
 *       which hashes, uploads and verifies as for any blob, then removes the session;
 *   <li>removing a session (complete, cancel, digest mismatch, reaper) deletes the marker first, so that the
 *       session is gone for every replica at once, then the chunks and any multipart upload of a chunk.
 * </ul>
 */
final class S3Uploads {
    /** Deletes sent at once when a session goes. */
    private static final int DELETES_IN_FLIGHT = 16;
    private static final Logger LOG = LoggerFactory.getLogger(S3Uploads.class);

    private final S3BlobStore store;
    private final S3Bucket bucket;
    private final int partSize;

    S3Uploads(S3BlobStore store, S3Bucket bucket, int partSize) {
        this.store = store;
        this.bucket = bucket;
        this.partSize = partSize;
    }

    /** A session's objects, as one listing found them. */
    private record Listing(UUID upload, boolean started, List<S3Object> chunks, List<String> keys) {
        /** The bytes of the chunks, which must be contiguous from 0. */
        long size() {
            long size = 0;
            for (S3Object chunk : chunks) {
                if (offsetOf(chunk) != size) {
                    throw new IllegalStateException("upload " + upload + " is broken: a chunk at "
                            + chunk.key() + " after " + size + " contiguous bytes");
                }
                size += chunk.size();
            }
            return size;
        }

        private long offsetOf(S3Object chunk) {
            String key = chunk.key();
            return Long.parseLong(key.substring(key.lastIndexOf('/') + 1));
        }
    }

    CompletableFuture<UUID> create() {
        UUID upload = UUID.randomUUID();
        return bucket.client().putObject(b -> b.bucket(bucket.name()).key(bucket.layout().sessionMarker(upload))
                .contentLength(0L), AsyncRequestBody.empty()).thenApply(r -> upload);
    }

    CompletableFuture<Optional<Long>> size(UUID upload) {
        return list(upload).thenApply(listing -> listing.started() ? Optional.of(listing.size()) : Optional.empty());
    }

    /** See {@link S3BlobStore#appendUpload}. Takes ownership of {@code chunk}. */
    CompletableFuture<Long> append(UUID upload, long offset, ByteSource chunk) {
        return list(upload).thenCompose(listing -> {
            long size = started(listing).size();
            if (size != offset) {
                throw new UploadOffsetException(upload, offset, size);
            }
            return S3ChunkUpload.write(bucket, partSize, bucket.layout().chunkKey(upload, offset), chunk);
        }).thenApply(written -> offset + written).exceptionallyCompose(error -> {
            if (!(Futures.unwrap(error) instanceof S3ChunkUpload.Taken)) {
                return CompletableFuture.failedFuture(Futures.unwrap(error));
            }
            return list(upload).<Long>thenApply(listing -> {
                throw new UploadOffsetException(upload, offset, started(listing).size());
            });
        }).whenComplete((n, e) -> chunk.close());
    }

    /** See {@link S3BlobStore#completeUpload}. */
    CompletableFuture<Digest> complete(UUID upload, Digest expected) {
        return list(upload).thenCompose(listing -> {
            started(listing).size();
            BlobWriter writer = store.writer(expected);
            CompletableFuture<Long> streamed = CompletableFuture.completedFuture(0L);
            for (S3Object chunk : listing.chunks()) {
                streamed = streamed.thenCompose(n -> SourcePump.into(bucket.data().range(chunk.key(), 0, chunk.size()), writer));
            }
            CompletableFuture<Digest> committed = streamed.thenCompose(n -> writer.commit(expected));
            return Futures.cleaningUpOnFailure(committed, error -> writer.abort().thenCompose(v ->
                    error instanceof DigestMismatchException ? remove(listing) : CompletableFuture.completedFuture(null)))
                    .thenCompose(digest -> remove(listing).handle((v, error) -> {
                        if (error != null) {
                            LOG.warn("blob {} is committed, but the objects of its upload {} could not all be deleted "
                                    + "(left to the reaper): {}", digest, upload, Futures.unwrap(error).toString());
                        }
                        return digest;
                    }));
        });
    }

    /** See {@link S3BlobStore#cancelUpload}: also takes chunks an append wrote after the session went. */
    CompletableFuture<Boolean> cancel(UUID upload) {
        List<MultipartUploadRef> uploads = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> listed = bucket.client()
                .listMultipartUploadsPaginator(b -> b.bucket(bucket.name()).prefix(bucket.layout().sessionPrefix(upload)))
                .uploads().subscribe(u -> uploads.add(new MultipartUploadRef(u.key(), u.uploadId())));
        return list(upload).thenCombine(listed, (listing, v) -> listing)
                .thenCompose(listing -> remove(bucket, upload, listing.keys(), List.copyOf(uploads))
                        .thenApply(v -> listing.started()));
    }

    private Listing started(Listing listing) {
        if (!listing.started()) {
            throw new UnknownUploadException(listing.upload());
        }
        return listing;
    }

    private CompletableFuture<Void> remove(Listing listing) {
        return remove(bucket, listing.upload(), listing.keys(), List.of());
    }

    /** A multipart upload in progress (of a chunk larger than a part). */
    record MultipartUploadRef(String key, String uploadId) {
    }

    /**
     * Removes a session: its marker first (the session is then gone for everyone), then its other {@code keys},
     * then the multipart {@code uploads} of its chunks. What is missing already counts as removed.
     */
    static CompletableFuture<Void> remove(S3Bucket bucket, UUID upload, List<String> keys, List<MultipartUploadRef> uploads) {
        String marker = bucket.layout().sessionMarker(upload);
        List<String> rest = keys.stream().filter(key -> !key.equals(marker)).toList();
        CompletableFuture<Void> done = delete(bucket, marker);
        for (int from = 0; from < rest.size(); from += DELETES_IN_FLIGHT) {
            List<String> group = rest.subList(from, Math.min(rest.size(), from + DELETES_IN_FLIGHT));
            done = done.thenCompose(v -> CompletableFuture.allOf(group.stream().map(key -> delete(bucket, key))
                    .toArray(CompletableFuture<?>[]::new)));
        }
        return done.thenCompose(v -> CompletableFuture.allOf(uploads.stream()
                .map(u -> MultipartUpload.abort(bucket, u.key(), u.uploadId())).toArray(CompletableFuture<?>[]::new)));
    }

    private static CompletableFuture<Void> delete(S3Bucket bucket, String key) {
        return bucket.client().deleteObject(b -> b.bucket(bucket.name()).key(key)).thenApply(r -> null);
    }

    private CompletableFuture<Listing> list(UUID upload) {
        S3Layout layout = bucket.layout();
        List<S3Object> objects = Collections.synchronizedList(new ArrayList<>());
        return bucket.client().listObjectsV2Paginator(b -> b.bucket(bucket.name()).prefix(layout.sessionPrefix(upload)))
                .contents().subscribe(objects::add).thenApply(v -> {
                    List<S3Object> all;
                    synchronized (objects) {
                        all = List.copyOf(objects);
                    }
                    String marker = layout.sessionMarker(upload);
                    List<S3Object> chunks = new ArrayList<>(all.stream()
                            .filter(o -> layout.chunkOffset(upload, o.key()) >= 0).toList());
                    chunks.sort(Comparator.comparingLong(o -> layout.chunkOffset(upload, o.key())));
                    return new Listing(upload, all.stream().anyMatch(o -> o.key().equals(marker)), List.copyOf(chunks),
                            all.stream().map(S3Object::key).toList());
                });
    }
}
