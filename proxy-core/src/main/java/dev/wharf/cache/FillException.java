package dev.wharf.cache;

/** A fill failed for a reason of its own (upstream body too long or too short); nothing was committed. */
public final class FillException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FillException(String message) {
        super(message);
    }
}
