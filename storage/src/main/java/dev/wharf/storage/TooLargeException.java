package dev.wharf.storage;

/** A body was longer than the limit its kind allows; thrown by {@link ByteSources#readAll}. */
public final class TooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long limit;

    /** {@code what} names the body in the message, e.g. "token response from registry.example.com". */
    public TooLargeException(String what, long limit) {
        super(what + " is longer than " + limit + " bytes");
        this.limit = limit;
    }

    /** The most bytes that were allowed. */
    public long limit() {
        return limit;
    }
}
