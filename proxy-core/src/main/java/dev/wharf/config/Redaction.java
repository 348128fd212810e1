package dev.wharf.config;

import java.util.regex.Pattern;

/** Hides credentials in the text form of configuration values: credentials never reach a log. */
final class Redaction {
    static final String MASK = "****";

    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/?#@]*@");
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(?<=[?&;]password=)[^&;#]*");

    private Redaction() {
    }

    /** {@code null} for an absent secret, else the mask: the text form tells whether a secret is set, nothing more. */
    static String secret(String secret) {
        return secret == null ? null : MASK;
    }

    /** {@code url} with any user-info ({@code user:password@}) and {@code password=} parameter masked. */
    static String url(Object url) {
        if (url == null) {
            return null;
        }
        String masked = USER_INFO.matcher(url.toString()).replaceAll(MASK + "@");
        return PASSWORD_PARAMETER.matcher(masked).replaceAll(MASK);
    }
}
