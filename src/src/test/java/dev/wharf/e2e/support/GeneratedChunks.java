package dev.wharf.e2e.support;

import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;

/**
 * A blob of seeded pseudo-random bytes handed out as consecutive chunks, each an {@link InputStream} generated on
 * the fly, and hashed as the chunks are read: after the last chunk, {@link #digest()} is the blob's digest.
 * Nothing is held in memory but one read buffer. Not thread-safe.
 */
public final class GeneratedChunks {
    private final PseudoRandomBytes bytes;
    private final MessageDigest sha = Sha256.newDigest();
    private final long size;
    private long handedOut;
    private String digest;

    /** A blob of {@code size} bytes for {@code seed}. */
    public GeneratedChunks(long seed, long size) {
        this.bytes = new PseudoRandomBytes(seed);
        this.size = size;
    }

    /** The next {@code length} bytes of the blob, as a stream to be read once and completely. */
    public InputStream next(long length) {
        if (handedOut + length > size) {
            throw new IllegalArgumentException("length: " + length + " (expected: at most " + (size - handedOut) + " left)");
        }
        handedOut += length;
        return new DigestInputStream(bytes.take(length), sha);
    }

    /** The blob's size. */
    public long size() {
        return size;
    }

    /** {@code sha256:<hex>} of the whole blob; only once every chunk was handed out and read. */
    public String digest() {
        if (handedOut != size) {
            throw new IllegalStateException("handed out " + handedOut + " of " + size + " bytes");
        }
        // Finishing a MessageDigest resets it: keep the result.
        if (digest == null) {
            digest = Sha256.digestString(sha);
        }
        return digest;
    }
}
