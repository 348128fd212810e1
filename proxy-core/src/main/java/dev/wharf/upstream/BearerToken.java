package dev.wharf.upstream;

/** A bearer token and the {@link System#nanoTime()} at which to stop using it; {@link #toString()} hides the token. */
record BearerToken(String value, long expiresAtNanos) {

    /** The {@code Authorization} header value. */
    String authorization() {
        return "Bearer " + value;
    }

    @Override
    public String toString() {
        return "BearerToken[***]";
    }
}
