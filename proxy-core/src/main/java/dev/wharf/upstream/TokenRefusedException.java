package dev.wharf.upstream;

/**
 * A token endpoint answered with a status other than 200. Fails a shared token fetch, so that the refusal
 * is never cached; each waiter passes on {@link #response()} as it is.
 */
final class TokenRefusedException extends RuntimeException {
    private final BufferedResponse response;

    TokenRefusedException(BufferedResponse response) {
        super("token endpoint " + HostKey.describe(response.uri()) + " answered " + response.status(), null, false, false);
        this.response = response;
    }

    /** A copy of the refusal, one per caller. */
    BufferedResponse response() {
        return response.copy();
    }
}
