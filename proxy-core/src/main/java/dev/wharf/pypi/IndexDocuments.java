package dev.wharf.pypi;

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
 * Small documents the format keeps as blobs (stored index pages, the facts of an uploaded file), by digest:
 * from memory (a bounded cache weighed in bytes), else from the blob store. Immutable by digest, so never
 * stale; a document whose blob has gone fails with {@link IllegalStateException}.
 */
final class IndexDocuments {
    /** Memory given to documents. */
    static final long MAX_BYTES = 64L << 20;

    private final BlobStore blobs;
    private final Cache<Digest, byte[]> memory = Caffeine.newBuilder()
            .maximumWeight(MAX_BYTES)
            .<Digest, byte[]>weigher((digest, bytes) -> bytes.length)
            .build();

    IndexDocuments(BlobStore blobs) {
        this.blobs = blobs;
    }

    /** Stores {@code bytes} under their digest; completes with it. */
    CompletableFuture<Digest> put(byte[] bytes) {
        Digest digest = Digest.sha256Of(bytes);
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

    /** The document of {@code digest}, read whole up to {@code maxBytes}. */
    CompletableFuture<byte[]> get(Digest digest, int maxBytes) {
        byte[] cached = memory.getIfPresent(digest);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        return blobs.open(digest).thenCompose(content -> {
            if (content.isEmpty()) {
                return CompletableFuture.failedFuture(new IllegalStateException("blob " + digest + " is missing from storage"));
            }
            BlobContent blob = content.get();
            return ByteSources.readAll(blob.stream(0, blob.size()), maxBytes, "document " + digest)
                    .whenComplete((b, e) -> blob.close());
        }).thenApply(bytes -> {
            memory.put(digest, bytes);
            return bytes;
        });
    }
}
