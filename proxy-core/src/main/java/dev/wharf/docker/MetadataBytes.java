package dev.wharf.docker;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.wharf.codec.Digest;
import dev.wharf.storage.ByteSources;
import dev.wharf.storage.blob.BlobContent;
import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.blob.BlobWriter;
import io.netty.buffer.Unpooled;
import java.util.concurrent.CompletableFuture;

/**
 * The bytes of small metadata blobs (manifests, tag lists) by digest: from memory (a bounded cache weighed
 * in bytes, so hot manifests are served without a storage read), else from the blob store. Content is
 * immutable by digest, so entries never go stale. An entry recorded in metadata whose blob is gone fails
 * with {@link BlobMissingException}.
 */
final class MetadataBytes {
    /** Memory given to metadata bytes. */
    static final long MAX_BYTES = 64L << 20;

    private final BlobStore blobs;
    private final int maxMetadataBytes;
    private final Cache<Digest, byte[]> memory = Caffeine.newBuilder()
            .maximumWeight(MAX_BYTES)
            .<Digest, byte[]>weigher((digest, bytes) -> bytes.length)
            .build();

    MetadataBytes(BlobStore blobs, int maxMetadataBytes) {
        this.blobs = blobs;
        this.maxMetadataBytes = maxMetadataBytes;
    }

    /** Stores {@code bytes} in the blob store under their digest, and keeps them in memory; completes with the digest. */
    CompletableFuture<Digest> put(Digest digest, byte[] bytes) {
        BlobWriter writer = blobs.writer();
        // The writer takes ownership of the wrapped buffer.
        return writer.write(Unpooled.wrappedBuffer(bytes))
                .thenCompose(v -> writer.commit(digest))
                .whenComplete((d, e) -> {
                    if (e != null) {
                        writer.abort();
                    } else {
                        memory.put(digest, bytes);
                    }
                });
    }

    CompletableFuture<byte[]> get(Digest digest) {
        byte[] cached = memory.getIfPresent(digest);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        return blobs.open(digest).thenCompose(content -> {
            if (content.isEmpty()) {
                return CompletableFuture.failedFuture(new BlobMissingException(digest));
            }
            BlobContent blob = content.get();
            return ByteSources.readAll(blob.stream(0, blob.size()), maxMetadataBytes, "blob " + digest).whenComplete((b, e) -> blob.close());
        }).thenApply(bytes -> {
            memory.put(digest, bytes);
            return bytes;
        });
    }

    /** A metadata row outlived its blob (removed by hand or by garbage collection). */
    static final class BlobMissingException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BlobMissingException(Digest digest) {
            super("blob " + digest + " is missing from storage");
        }
    }
}
