package dev.wharf.upstream;

import dev.wharf.storage.ByteSource;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Blocking helpers for tests, which run on the test thread and never on an event loop. */
final class Clients {
    private Clients() {
    }

    static UpstreamResponse await(java.util.concurrent.CompletableFuture<UpstreamResponse> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    /** Reads the whole body, releasing every buffer, and closes the response. */
    static String bodyText(UpstreamResponse response) throws Exception {
        try (response) {
            return new String(readAll(response.body()), StandardCharsets.UTF_8);
        }
    }

    static byte[] readAll(ByteSource body) throws InterruptedException, ExecutionException, TimeoutException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            ByteBuf buf = body.next().get(10, TimeUnit.SECONDS);
            if (buf == null) {
                return out.toByteArray();
            }
            try {
                byte[] chunk = new byte[buf.readableBytes()];
                buf.readBytes(chunk);
                out.writeBytes(chunk);
            } finally {
                buf.release();
            }
        }
    }

    /** The failure of a future, unwrapped. */
    static Throwable failure(java.util.concurrent.CompletableFuture<?> future) throws InterruptedException, TimeoutException {
        try {
            Object value = future.get(10, TimeUnit.SECONDS);
            if (value instanceof ByteBuf buf) {
                buf.release();
            } else if (value instanceof UpstreamResponse r) {
                r.close();
            }
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
