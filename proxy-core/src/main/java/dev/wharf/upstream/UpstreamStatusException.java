package dev.wharf.upstream;

/** The upstream answered with a status that is not the content asked for (404, 401, 429, 5xx, ...). */
public final class UpstreamStatusException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public UpstreamStatusException(int status, String what) {
        super("upstream answered " + status + " for " + what);
        this.status = status;
    }

    /** The upstream's HTTP status. */
    public int status() {
        return status;
    }
}
