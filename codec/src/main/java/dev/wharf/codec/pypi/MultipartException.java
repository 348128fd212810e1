package dev.wharf.codec.pypi;

/** A {@code multipart/form-data} body that does not follow RFC 7578, or goes past a limit. */
public final class MultipartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MultipartException(String message) {
        super(message);
    }
}
