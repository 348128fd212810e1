package dev.wharf.server;

/** A request body went past the size its handler accepts; the handler answers 413. */
public final class RequestBodyTooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long limit;

    public RequestBodyTooLargeException(long limit) {
        super("request body larger than " + limit + " bytes");
        this.limit = limit;
    }

    /** The largest body the handler accepts, in bytes. */
    public long limit() {
        return limit;
    }
}
