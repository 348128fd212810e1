package dev.wharf.codec;

import java.util.Objects;
import java.util.regex.Pattern;

/** The key of a repository, {@code [a-z0-9][a-z0-9._-]{0,63}}: the first path segment that picks it. */
public record RepositoryKey(String value) {
    private static final int MAX_LENGTH = 64;
    private static final Pattern GRAMMAR = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public RepositoryKey {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new IllegalArgumentException(
                    "repository key: " + Printable.of(value) + " (expected: [a-z0-9][a-z0-9._-]{0,63})");
        }
    }

    /** True when {@code text} is a well-formed repository key. */
    public static boolean isValid(String text) {
        return text != null && text.length() <= MAX_LENGTH && GRAMMAR.matcher(text).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
