package dev.wharf.server;

/** The client sent a request body the HTTP decoder cannot read (a bad chunk size, a lost connection). */
public final class MalformedRequestBodyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedRequestBodyException(String message) {
        super(message);
    }
}
