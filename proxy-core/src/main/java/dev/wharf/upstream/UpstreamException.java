package dev.wharf.upstream;

/**
 * A failure talking to an upstream server. Messages name the target ({@code scheme://host:port/path},
 * never a query string, credentials or tokens) and say what went wrong.
 */
public abstract class UpstreamException extends RuntimeException {
    UpstreamException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The status a proxy answers its own client with for this failure: 502 or 504. */
    public abstract int gatewayStatus();
}
