package dev.wharf.codec.npm;

/** A request path or document an npm registry cannot serve; the message says why, for a 400. */
public final class NpmPathException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public NpmPathException(String message) {
        super(message);
    }
}
