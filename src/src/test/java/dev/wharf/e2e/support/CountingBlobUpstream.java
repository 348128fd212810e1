package dev.wharf.e2e.support;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;

/**
 * An upstream serving in-memory blobs slowly, in chunks spread over a set time, so that concurrent
 * requests overlap one fill; it counts every GET (see {@link FakeBlobRegistry}).
 */
public final class CountingBlobUpstream extends InMemoryBlobRegistry {
    private static final int CHUNK = 256 * 1024;

    private final Duration serveTime;

    /** An upstream taking about {@code serveTime} to send each blob (zero: as fast as it can). */
    public CountingBlobUpstream(Duration serveTime) {
        this.serveTime = serveTime;
    }



    @Override
    protected void writeBlob(String digest, OutputStream body) throws IOException {
        byte[] content = content(digest);
        int chunks = Math.max(1, (content.length + CHUNK - 1) / CHUNK);
        long pauseNanos = serveTime.toNanos() / chunks;
        for (int offset = 0; offset < content.length; offset += CHUNK) {
            body.write(content, offset, Math.min(CHUNK, content.length - offset));
            body.flush();
            pause(pauseNanos);
        }
    }

    private static void pause(long nanos) throws InterruptedIOException {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("upstream closed while serving");
        }
    }
}
