package dev.wharf.codec;

/**
 * A {@code Range} header that is a well-formed single byte range but selects nothing of the body:
 * the server answers {@code 416} with {@link #contentRange()}.
 */
public final class UnsatisfiableRangeException extends RuntimeException {
    private final long size;

    public UnsatisfiableRangeException(String rangeHeader, long size) {
        super("range: " + Printable.of(rangeHeader) + " (expected: a range starting before the end of the "
                + size + "-byte body)");
        this.size = size;
    }

    /** The size of the body the range was checked against. */
    public long size() {
        return size;
    }

    /** The {@code Content-Range} value of the 416 answer: {@code bytes *}{@code /<size>}. */
    public String contentRange() {
        return "bytes */" + size;
    }
}
