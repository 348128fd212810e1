package dev.wharf.e2e.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.OptionalLong;

/**
 * An upstream serving one huge blob (e.g. 1 GiB) of deterministic pseudo-random bytes generated on the
 * fly, never held in memory; its digest is computed once, at construction, by generating the same stream.
 */
public final class GeneratedBlobUpstream extends FakeBlobRegistry {
    private final long seed;
    private final long size;
    private final String digest;

    /** An upstream whose only blob is the first {@code size} bytes of the stream for {@code seed}. */
    public GeneratedBlobUpstream(long seed, long size) {
        this.seed = seed;
        this.size = size;
        try (InputStream stream = PseudoRandomBytes.stream(seed, size)) {
            this.digest = Sha256.ofStream(stream);
        } catch (IOException e) {
            throw new UncheckedIOException("generated streams do not fail", e);
        }
    }

    /** The blob's digest. */
    public String digest() {
        return digest;
    }

    /** The blob's length in bytes. */
    public long size() {
        return size;
    }

    @Override
    protected OptionalLong size(String requested) {
        return requested.equals(digest) ? OptionalLong.of(size) : OptionalLong.empty();
    }

    @Override
    protected void writeBlob(String requested, OutputStream body) throws IOException {
        PseudoRandomBytes bytes = new PseudoRandomBytes(seed);
        byte[] chunk = new byte[1 << 16];
        for (long left = size; left > 0; ) {
            int n = (int) Math.min(chunk.length, left);
            bytes.next(chunk, 0, n);
            body.write(chunk, 0, n);
            left -= n;
        }
    }
}
