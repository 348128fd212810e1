package dev.wharf.codec.pypi;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A Python project name: valid when it is ASCII letters and digits with {@code .}, {@code _}, {@code -} inside
 * (PEP 508), normalised as PEP 503 says: lower case, every run of {@code -}, {@code _}, {@code .} one {@code -}.
 */
public final class ProjectName {
    /** The longest name accepted; PyPI's own limit is far below it. */
    public static final int MAX_LENGTH = 200;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?");
    private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");

    private ProjectName() {
    }

    /** True for a name PEP 508 allows, of at most {@value #MAX_LENGTH} characters. */
    public static boolean isValid(String name) {
        return name != null && name.length() <= MAX_LENGTH && VALID.matcher(name).matches();
    }

    /** The PEP 503 normal form of a valid name. */
    public static String normalize(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("project name: " + quoted(name)
                    + " (expected: letters, digits and . _ - inside, at most " + MAX_LENGTH + " characters)");
        }
        return SEPARATORS.matcher(name).replaceAll("-").toLowerCase(Locale.ROOT);
    }

    private static String quoted(String name) {
        return name == null ? "null" : "'" + dev.wharf.codec.Printable.of(name) + "'";
    }
}
