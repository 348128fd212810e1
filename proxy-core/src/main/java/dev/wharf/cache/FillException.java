package dev.wharf.cache;

/** A fill failed because of what the upstream sent (too long, too short, wrong digest); nothing was committed. */
public class FillException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FillException(String message) {
        super(message);
    }
}
