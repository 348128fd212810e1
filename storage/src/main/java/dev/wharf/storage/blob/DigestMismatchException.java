package dev.wharf.storage.blob;

import dev.wharf.codec.Digest;

/** A blob's bytes did not hash to the digest it was supposed to have; nothing was stored. */
public final class DigestMismatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Digest expected;
    private final Digest actual;

    public DigestMismatchException(Digest expected, Digest actual) {
        super("digest mismatch: expected " + expected + ", got " + actual);
        this.expected = expected;
        this.actual = actual;
    }

    public Digest expected() {
        return expected;
    }

    public Digest actual() {
        return actual;
    }
}
