package dev.wharf.storage;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.CompletableFuture;

/**
 * An asynchronous pull stream of buffers: the consumer asks for the next buffer only when it is ready
 * for it, which is the backpressure.
 */
public interface ByteSource extends AutoCloseable {
    /**
     * Returns the next buffer, or {@code null} at the end of the stream. The caller takes ownership of
     * the returned buffer and must release it. Call again only after the previous future completed.
     */
    CompletableFuture<ByteBuf> next();

    /** Stops the stream early and releases whatever it still holds; idempotent. */
    @Override
    void close();
}
