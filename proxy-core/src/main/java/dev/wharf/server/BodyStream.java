package dev.wharf.server;

import java.util.concurrent.CompletableFuture;

/**
 * A response body pulled piece by piece: {@link BodySender} asks for the next piece only once the previous
 * one was written, which is the backpressure. A stream may still be growing (a fill in progress): then
 * {@link #next} completes when there is more, or fails when the body can no longer complete.
 */
public interface BodyStream extends AutoCloseable {
    /**
     * The next piece of at most {@code maxBytes}, or null at the end. File slices are answered only when
     * {@code fileSlices} is true (a plaintext connection); otherwise buffers. Call again only after the
     * previous future completed.
     */
    CompletableFuture<BodyPiece> next(long maxBytes, boolean fileSlices);

    /** Releases what the stream holds (open files); idempotent. */
    @Override
    void close();
}
