package dev.wharf.storage.blob.s3;

import dev.wharf.storage.ByteSource;
import dev.wharf.storage.Futures;
import dev.wharf.storage.blob.SourcePump;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Writes one chunk of an upload session to its own key, whole or not at all, and only if nothing exists under the
 * key yet ({@code If-None-Match: *}): the loser of two appends at one offset fails with {@link Taken}. The chunk
 * streams in, pulled from its source: up to {@code partSize} it is gathered in memory and sent with one
 * {@code PUT} at its end; beyond that it becomes a multipart upload to the chunk's key, each full part uploaded as
 * it is complete, and completed with the condition at the end. The next buffer is pulled while at most one part
 * is uploading ahead of the one filling, so a chunk of any size holds at most three parts in memory, as a
 * {@link S3BlobWriter} does. On any failure the upload is aborted (once its parts in flight settled) and nothing
 * is left under the key.
 *
 * <p>Steps run one at a time (the pump's guarantee), each on the thread that completed the future before it; the
 * fields are only touched by them and, after the pump ended, by the finish or the discard.
 */
final class S3ChunkUpload {
    /** Another append took the chunk's offset first: its object exists. */
    static final class Taken extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Taken(String key) {
            super("chunk " + key + " exists already", null, false, false);
        }
    }

    private final S3Bucket bucket;
    private final int partSize;
    private final String key;
    private final List<CompletableFuture<CompletedPart>> parts = new ArrayList<>();
    private Part filling = new Part();
    private MultipartUpload upload;

    private S3ChunkUpload(S3Bucket bucket, int partSize, String key) {
        this.bucket = bucket;
        this.partSize = partSize;
        this.key = key;
    }

    /**
     * Streams {@code source} to {@code key}; completes with the chunk's size, 0 for an empty source (then nothing is
     * written). Takes ownership of {@code source}, closed in every case.
     */
    static CompletableFuture<Long> write(S3Bucket bucket, int partSize, String key, ByteSource source) {
        S3ChunkUpload chunk = new S3ChunkUpload(bucket, partSize, key);
        return Futures.cleaningUpOnFailure(SourcePump.drain(source, chunk::take).thenCompose(chunk::finish),
                error -> chunk.discard());
    }

    /** A step of the pump. Takes ownership of {@code buf}: retained slices of it go into parts. */
    private CompletableFuture<?> take(ByteBuf buf) {
        try {
            while (buf.isReadable()) {
                int length = (int) Math.min(buf.readableBytes(), partSize - filling.size());
                filling.add(buf.readRetainedSlice(length));
                if (filling.size() == partSize) {
                    seal();
                }
            }
        } finally {
            buf.release();
        }
        // At most one part uploading beyond the one filling: wait for the part before the last one sealed.
        return parts.size() < 2 ? CompletableFuture.completedFuture(null) : parts.get(parts.size() - 2);
    }

    /** Hands the filling part to the multipart upload, started with the first part. */
    private void seal() {
        Part part = filling;
        filling = new Part();
        int number = parts.size() + 1;
        if (number > MultipartUpload.MAX_PARTS) {
            part.release();
            throw new IllegalStateException("chunk " + key + ": more than " + MultipartUpload.MAX_PARTS + " parts of "
                    + partSize + " bytes (expected: a larger partSize)");
        }
        if (upload == null) {
            upload = new MultipartUpload(bucket, key);
        }
        parts.add(upload.upload(number, part)); // takes over the part and releases it
    }

    private CompletableFuture<Long> finish(long size) {
        if (upload == null) {
            Part whole = filling;
            filling = null;
            if (size == 0) {
                whole.release();
                return CompletableFuture.completedFuture(0L);
            }
            return put(whole, size);
        }
        if (filling.size() > 0) {
            seal(); // the last part, which may be smaller than the others
        }
        MultipartUpload started = upload;
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0]))
                .thenCompose(v -> started.complete(parts.stream().map(CompletableFuture::join).toList(), true))
                .thenCompose(created -> {
                    if (!created) {
                        // Still open after a refused complete: aborted by the discard the failure triggers.
                        throw new Taken(key);
                    }
                    return CompletableFuture.completedFuture(size);
                });
    }

    /** One PUT of a chunk no larger than a part. Takes ownership of {@code whole}: released once S3 answered. */
    private CompletableFuture<Long> put(Part whole, long size) {
        return S3Errors.retryingConflicts(() -> bucket.client().putObject(b -> b.bucket(bucket.name()).key(key)
                                .contentLength(whole.size()).ifNoneMatch("*"),
                        AsyncRequestBody.fromByteBuffersUnsafe(whole.views())), bucket.io())
                .handle((response, error) -> {
                    whole.release();
                    if (error != null) {
                        throw S3Errors.exists(error) ? new Taken(key) : new CompletionException(Futures.unwrap(error));
                    }
                    return size;
                });
    }

    /** Frees the bytes in memory and aborts the multipart upload, once its parts in flight settled. */
    private CompletableFuture<Void> discard() {
        if (filling != null) {
            filling.release();
            filling = null;
        }
        if (upload == null) {
            return CompletableFuture.completedFuture(null);
        }
        MultipartUpload started = upload;
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).handle((v, e) -> null)
                .thenCompose(v -> started.abort());
    }
}
