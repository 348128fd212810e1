package dev.wharf.codec.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The secret a client presents in its {@code Authorization} header, the way its tool sends it: HTTP Basic with any
 * user name and the token as password (docker login, pip, twine, mvn), or {@code Bearer <token>} (npm, terraform,
 * curl, and the Docker token flow's own tokens), or the bare token as Cargo sends it ({@code Authorization: <token>}).
 * {@code toString} never shows the secret.
 *
 * @param scheme {@code basic}, {@code bearer}, or {@code token} for a bare token
 * @param user   the Basic user name ({@code ""} for Bearer), which Wharf does not check
 */
public record PresentedSecret(String scheme, String user, String secret) {
    /** The longest header value read: a token, a user name and Base64 fit far below it. */
    public static final int MAX_HEADER = 8192;

    /**
     * The secret in an {@code Authorization} header value; empty for no header. A header that is present but not
     * a well-formed Basic or Bearer value is an {@link IllegalArgumentException} saying what was expected (never
     * echoing the value).
     */
    public static Optional<PresentedSecret> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.length() > MAX_HEADER) {
            throw new IllegalArgumentException("Authorization header too long (expected at most " + MAX_HEADER + " characters)");
        }
        int space = value.indexOf(' ');
        String scheme = (space < 0 ? value : value.substring(0, space)).toLowerCase(Locale.ROOT);
        String rest = space < 0 ? "" : value.substring(space + 1).trim();
        if (space < 0 && !scheme.equals("bearer") && !scheme.equals("basic") && !value.isEmpty()) {
            return Optional.of(new PresentedSecret("token", "", value));
        }
        if (scheme.equals("bearer")) {
            if (rest.isEmpty() || rest.contains(" ")) {
                throw new IllegalArgumentException("malformed Bearer credentials (expected: Authorization: Bearer <token>)");
            }
            return Optional.of(new PresentedSecret("bearer", "", rest));
        }
        if (scheme.equals("basic")) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(rest), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("malformed Basic credentials (expected: Base64 of <user>:<token>)");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0 || colon == decoded.length() - 1) {
                throw new IllegalArgumentException("malformed Basic credentials (expected: <user>:<token>, the token as password)");
            }
            return Optional.of(new PresentedSecret("basic", decoded.substring(0, colon), decoded.substring(colon + 1)));
        }
        throw new IllegalArgumentException("unsupported Authorization scheme (expected: Basic or Bearer)");
    }

    /** Shows the scheme and user, never the secret. */
    @Override
    public String toString() {
        return "PresentedSecret[" + scheme + (user.isEmpty() ? "" : ", user=" + user) + "]";
    }
}
