package dev.wharf.storage;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Reads a small body (a manifest, a token response, an index page, an error page) whole into memory,
 * refusing more than a limit. Only for bodies that are small by protocol; blobs are always streamed.
 */
public final class ByteSources {
    private ByteSources() {
    }

    /**
     * Reads {@code source} to its end and closes it, also when it fails. Fails with {@link TooLargeException}
     * once more than {@code maxBytes} arrive ({@code what} names the body in its message), or with the
     * source's own failure, unwrapped. Each buffer pulled is copied and released here.
     */
    public static CompletableFuture<byte[]> readAll(ByteSource source, int maxBytes, String what) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(what, "what");
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: >= 0)");
        }
        Reader reader = new Reader(source, maxBytes, what);
        reader.pump();
        return reader.result;
    }

    /** One body being read. */
    private static final class Reader {
        private final ByteSource source;
        private final int maxBytes;
        private final String what;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();

        Reader(ByteSource source, int maxBytes, String what) {
            this.source = source;
            this.maxBytes = maxBytes;
            this.what = what;
        }

        /** Pulls buffers in a loop while they are ready at once (no recursion), and from a callback when not. */
        void pump() {
            while (true) {
                CompletableFuture<ByteBuf> next;
                try {
                    next = source.next();
                } catch (RuntimeException e) {
                    accept(null, e);
                    return;
                }
                if (!next.isDone()) {
                    next.whenComplete((buf, e) -> {
                        if (accept(buf, e)) {
                            pump();
                        }
                    });
                    return;
                }
                ByteBuf buf;
                try {
                    buf = next.join();
                } catch (RuntimeException e) {
                    accept(null, e);
                    return;
                }
                if (!accept(buf, null)) {
                    return;
                }
            }
        }

        /** Takes ownership of {@code buf}; true when more should be read. */
        private boolean accept(ByteBuf buf, Throwable error) {
            if (error != null) {
                source.close();
                result.completeExceptionally(Futures.unwrap(error));
                return false;
            }
            if (buf == null) {
                source.close();
                result.complete(bytes.toByteArray());
                return false;
            }
            // Released before the result completes: whoever waits on it may count on the buffer being freed.
            if (bytes.size() + (long) buf.readableBytes() > maxBytes) {
                buf.release();
                source.close();
                result.completeExceptionally(new TooLargeException(what, maxBytes));
                return false;
            }
            byte[] chunk = new byte[buf.readableBytes()];
            try {
                buf.readBytes(chunk);
            } finally {
                buf.release();
            }
            bytes.writeBytes(chunk);
            return true;
        }
    }
}
