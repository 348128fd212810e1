package dev.wharf.config;

/**
 * {@code auth}: who may do what. Keys, with their defaults:
 * <ul>
 *   <li>{@code anonymousRead}: default true: requests without a token may read every repository</li>
 *   <li>{@code bootstrapToken}: optional, no default: an admin token that works from the first start, before any
 *       token was created; not blank when given; never printed</li>
 * </ul>
 */
public record AuthConfig(@Default("true") boolean anonymousRead, String bootstrapToken) {
    public AuthConfig {
        if (bootstrapToken != null) {
            Check.requiredText(bootstrapToken, "bootstrapToken");
        }
    }

    /** Tells whether a bootstrap token is set, never the token. */
    @Override
    public String toString() {
        return "AuthConfig[anonymousRead=" + anonymousRead + ", bootstrapToken=" + Redaction.secret(bootstrapToken) + "]";
    }
}
