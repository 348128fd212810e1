package dev.wharf.storage;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletionException;

/**
 * A {@link ByteSource} read as a blocking {@link InputStream}, for parsers that want one (a zip reader). Blocks
 * the calling thread on every buffer: call it from a blocking-work executor, never from an event loop. Owns the
 * source and the buffer in hand; {@link #close} releases both.
 */
public final class ByteSourceInputStream extends InputStream {
    private final ByteSource source;
    private ByteBuf current;
    private boolean ended;

    public ByteSourceInputStream(ByteSource source) {
        this.source = source;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (current == null || !current.isReadable()) {
            if (current != null) {
                current.release();
                current = null;
            }
            if (ended) {
                return -1;
            }
            try {
                current = source.next().join();
            } catch (CompletionException e) {
                throw new IOException("reading the stream failed: " + Futures.unwrap(e).getMessage(), Futures.unwrap(e));
            }
            if (current == null) {
                ended = true;
                return -1;
            }
        }
        int n = Math.min(length, current.readableBytes());
        current.readBytes(into, offset, n);
        return n;
    }

    @Override
    public void close() {
        if (current != null) {
            current.release();
            current = null;
        }
        ended = true;
        source.close();
    }
}
