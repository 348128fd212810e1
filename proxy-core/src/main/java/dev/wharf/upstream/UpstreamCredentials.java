package dev.wharf.upstream;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/** A username and password for an upstream registry; {@link #toString()} never shows the password. */
public record UpstreamCredentials(String username, String password) {
    public UpstreamCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isEmpty() || username.indexOf(':') >= 0) {
            throw new IllegalArgumentException("username: '" + username + "' (expected: non-empty, without ':')");
        }
    }

    /** The {@code Authorization} header value for HTTP Basic authentication. */
    String basicAuthorization() {
        byte[] pair = (username + ':' + password).getBytes(StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair);
    }

    @Override
    public String toString() {
        return "UpstreamCredentials[username=" + username + ", password=***]";
    }
}
