package dev.wharf.codec.pypi;

/** A simple-API document that cannot be read: not JSON where JSON was said, or not the PEP 691 shape. */
public final class SimpleIndexException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SimpleIndexException(String message, Throwable cause) {
        super(message, cause);
    }
}
