package dev.wharf.e2e.support;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An upstream serving in-memory blobs slowly, in chunks spread over a set time, so that concurrent
 * requests overlap one fill; it counts every GET (see {@link FakeBlobRegistry}).
 */
public final class CountingBlobUpstream extends FakeBlobRegistry {
    private static final int CHUNK = 256 * 1024;

    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Duration serveTime;

    /** An upstream taking about {@code serveTime} to send each blob (zero: as fast as it can). */
    public CountingBlobUpstream(Duration serveTime) {
        this.serveTime = serveTime;
    }

    /** Adds a blob; returns its digest. */
    public String add(byte[] content) {
        String digest = Sha256.of(content);
        blobs.put(digest, content);
        return digest;
    }

    @Override
    protected OptionalLong size(String digest) {
        byte[] content = blobs.get(digest);
        return content == null ? OptionalLong.empty() : OptionalLong.of(content.length);
    }

    @Override
    protected void writeBlob(String digest, OutputStream body) throws IOException {
        byte[] content = blobs.get(digest);
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
