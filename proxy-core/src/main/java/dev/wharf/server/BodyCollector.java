package dev.wharf.server;

import dev.wharf.storage.ByteSource;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;

/** Collects a small body (a manifest, a token, an index page) into memory, refusing more than a limit. */
public final class BodyCollector {
    private BodyCollector() {
    }

    /** A body exceeded the limit its kind allows. */
    public static final class TooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long limit) {
            super("body larger than " + limit + " bytes");
        }
    }

    /**
     * Reads {@code source} to its end and closes it; fails with {@link TooLargeException} past
     * {@code maxBytes}. Each buffer pulled is copied and released here.
     */
    public static CompletableFuture<byte[]> collect(ByteSource source, int maxBytes) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        pull(source, new ByteArrayOutputStream(), maxBytes, result);
        return result.whenComplete((v, e) -> source.close());
    }

    private static void pull(ByteSource source, ByteArrayOutputStream out, int maxBytes, CompletableFuture<byte[]> result) {
        source.next().whenComplete((buf, err) -> {
            if (err != null) {
                result.completeExceptionally(err);
                return;
            }
            if (buf == null) {
                result.complete(out.toByteArray());
                return;
            }
            try {
                if (out.size() + (long) buf.readableBytes() > maxBytes) {
                    result.completeExceptionally(new TooLargeException(maxBytes));
                    return;
                }
                copy(buf, out);
            } finally {
                buf.release();
            }
            pull(source, out, maxBytes, result);
        });
    }

    private static void copy(ByteBuf buf, ByteArrayOutputStream out) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), bytes);
        out.writeBytes(bytes);
    }
}
