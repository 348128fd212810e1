package dev.wharf.config;

import java.time.Duration;

/**
 * {@code auth}: who may do what. Keys, with their defaults:
 * <ul>
 *   <li>{@code anonymousRead}: default true: requests without a token may read every repository</li>
 *   <li>{@code bootstrapToken}: optional, no default: an admin token that works from the first start, before any
 *       token was created; not blank when given; never printed</li>
 *   <li>{@code maxFailures}: default 20: failed authentications one client address may make in
 *       {@code failureWindow} before it is refused (429) until the window ends; 1..1000000</li>
 *   <li>{@code failureWindow}: default {@code 1m}: the window of {@code maxFailures}; more than 0</li>
 * </ul>
 */
public record AuthConfig(@Default("true") boolean anonymousRead, String bootstrapToken, @Default("20") int maxFailures,
                         @Default("1m") Duration failureWindow) {
    /** The default failure limits. */
    public AuthConfig(boolean anonymousRead, String bootstrapToken) {
        this(anonymousRead, bootstrapToken, 20, Duration.ofMinutes(1));
    }

    public AuthConfig {
        if (bootstrapToken != null) {
            Check.requiredText(bootstrapToken, "bootstrapToken");
        }
        Check.inRange(maxFailures, 1, 1_000_000, "maxFailures");
        Check.positive(Check.required(failureWindow, "failureWindow"), "failureWindow");
    }

    /** Tells whether a bootstrap token is set, never the token. */
    @Override
    public String toString() {
        return "AuthConfig[anonymousRead=" + anonymousRead + ", bootstrapToken=" + Redaction.secret(bootstrapToken)
                + ", maxFailures=" + maxFailures + ", failureWindow=" + DurationSyntax.format(failureWindow) + "]";
    }
}
