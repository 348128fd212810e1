package dev.wharf.auth;

/**
 * A request presented credentials that do not authenticate (a 401), or came from an address refused for too many
 * failures ({@link #retryAfterSeconds()} above 0: a 429). The message never holds the secret.
 */
public final class AuthenticationException extends RuntimeException {
    private final long retryAfterSeconds;

    AuthenticationException(String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Seconds the client should wait before trying again; 0 for a plain authentication failure. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** True when the address is refused for too many failures. */
    public boolean rateLimited() {
        return retryAfterSeconds > 0;
    }
}
