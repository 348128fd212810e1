package dev.wharf.npm;

import dev.wharf.codec.Digest;
import dev.wharf.storage.ByteSources;
import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.blob.BlobWriter;
import io.netty.buffer.Unpooled;
import java.util.concurrent.CompletableFuture;

/** Small documents in the blob store, whole: a stored packument or manifest read back, bytes in memory stored. */
final class Blobs {
    private static final int CHUNK = 256 * 1024;

    private Blobs() {
    }

    /** The bytes of a blob of at most {@code limit} bytes; fails when it is absent. */
    static CompletableFuture<byte[]> read(BlobStore blobs, Digest digest, int limit, String what) {
        return blobs.open(digest).thenCompose(content -> {
            if (content.isEmpty()) {
                return CompletableFuture.failedFuture(new IllegalStateException("blob " + digest + " of " + what
                        + " is missing from storage"));
            }
            try {
                return ByteSources.readAll(content.get().stream(0, content.get().size()), limit, what);
            } finally {
                content.get().close();
            }
        });
    }

    /** Stores {@code bytes} (not retained after the future completes); completes with their digest. */
    static CompletableFuture<Digest> store(BlobStore blobs, byte[] bytes) {
        Digest digest = Digest.sha256Of(bytes);
        BlobWriter writer = blobs.writer(digest);
        return write(writer, bytes, 0).thenCompose(v -> writer.commit(digest)).whenComplete((d, e) -> {
            if (e != null) {
                writer.abort();
            }
        });
    }

    private static CompletableFuture<Void> write(BlobWriter writer, byte[] bytes, int offset) {
        if (offset >= bytes.length) {
            return CompletableFuture.completedFuture(null);
        }
        int length = Math.min(CHUNK, bytes.length - offset);
        // The writer takes ownership of the wrapped buffer and releases it.
        return writer.write(Unpooled.wrappedBuffer(bytes, offset, length)).thenCompose(v -> write(writer, bytes, offset + length));
    }
}
