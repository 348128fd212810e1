package dev.wharf.upstream;

import dev.wharf.storage.ByteSource;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * Reads a small body (a token response, an error page) whole into memory, refusing more than a limit.
 * Only for bodies that are small by protocol; blobs are always streamed.
 */
final class BodyReader {
    private final ByteSource body;
    private final int limit;
    private final String what;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();

    private BodyReader(ByteSource body, int limit, String what) {
        this.body = body;
        this.limit = limit;
        this.what = what;
    }

    /**
     * Reads {@code body} to its end and closes it. Fails with {@link UpstreamProtocolException} when it is
     * longer than {@code limit} bytes ({@code what} names it in the message), or with the body's own failure.
     */
    static CompletableFuture<byte[]> readAll(ByteSource body, int limit, String what) {
        BodyReader reader = new BodyReader(body, limit, what);
        reader.pump();
        return reader.result;
    }

    /** Pulls buffers in a loop while they are ready at once, and resumes from a callback when one is not. */
    private void pump() {
        while (true) {
            CompletableFuture<ByteBuf> next = body.next();
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
            body.close();
            result.completeExceptionally(Failures.unwrap(error));
            return false;
        }
        if (buf == null) {
            body.close();
            result.complete(bytes.toByteArray());
            return false;
        }
        try {
            if (bytes.size() + buf.readableBytes() > limit) {
                body.close();
                result.completeExceptionally(new UpstreamProtocolException(what + " is longer than " + limit + " bytes", null));
                return false;
            }
            byte[] chunk = new byte[buf.readableBytes()];
            buf.readBytes(chunk);
            bytes.writeBytes(chunk);
            return true;
        } finally {
            buf.release();
        }
    }
}
