package dev.wharf.cache;

/**
 * A fill ran out of time: it made no progress (upstream read or store write) for the stall timeout, or
 * waited too long for another replica's fill of the same content. Formats answer it as a gateway timeout.
 */
public final class FillTimeoutException extends FillException {
    private static final long serialVersionUID = 1L;

    public FillTimeoutException(String message) {
        super(message);
    }
}
