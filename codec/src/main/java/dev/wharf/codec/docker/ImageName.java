package dev.wharf.codec.docker;

import dev.wharf.codec.Printable;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A repository name in the distribution grammar: lowercase components
 * {@code [a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*} joined by {@code /}, at most 255 characters.
 */
public record ImageName(String value) {
    /** The longest name the distribution grammar allows. */
    public static final int MAX_LENGTH = 255;

    /** The grammar of a component, as the distribution spec writes it; {@link #isValid} scans it by hand. */
    static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*");
    private static final String LIBRARY = "library/";

    public ImageName {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new IllegalArgumentException("image name: " + Printable.of(value)
                    + " (expected: components of [a-z0-9] separated by '.', '_', '__' or dashes,"
                    + " joined by '/', at most 255 characters)");
        }
    }

    /**
     * True when {@code text} is a well-formed name. Scanned by hand rather than with {@link #COMPONENT}'s
     * regex, which was a tenth of the time of a cached manifest request: runs of {@code [a-z0-9]} separated
     * by exactly one {@code .}, one or two {@code _}, or any number of {@code -}, components joined by
     * single slashes.
     */
    public static boolean isValid(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            return false;
        }
        int i = 0;
        int n = text.length();
        while (true) {
            // A component: alphanumerics, then (separator, alphanumerics)*.
            if (!isAlnum(text, i)) {
                return false;
            }
            while (isAlnum(text, i)) {
                i++;
            }
            while (i < n && text.charAt(i) != '/') {
                char c = text.charAt(i);
                if (c == '.') {
                    i++;
                } else if (c == '_') {
                    i += text.startsWith("__", i) ? 2 : 1;
                } else if (c == '-') {
                    while (i < n && text.charAt(i) == '-') {
                        i++;
                    }
                } else {
                    return false;
                }
                if (!isAlnum(text, i)) {
                    return false;
                }
                while (isAlnum(text, i)) {
                    i++;
                }
            }
            if (i == n) {
                return true;
            }
            i++;
        }
    }

    private static boolean isAlnum(String text, int i) {
        if (i >= text.length()) {
            return false;
        }
        char c = text.charAt(i);
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    /** The components, in order. */
    public List<String> components() {
        return List.of(value.split("/"));
    }

    /** The first component: in {@code /v2/<key>/<image>} paths, the repository key. */
    public String first() {
        int slash = value.indexOf('/');
        return slash < 0 ? value : value.substring(0, slash);
    }

    /**
     * The name without its first component ({@code dockerhub/library/ubuntu} to {@code library/ubuntu}).
     *
     * @throws IllegalStateException when the name has a single component
     */
    public ImageName withoutFirst() {
        int slash = value.indexOf('/');
        if (slash < 0) {
            throw new IllegalStateException("image name: " + value + " (expected: at least two components to drop the first)");
        }
        return new ImageName(value.substring(slash + 1));
    }

    /**
     * The name Docker Hub knows: {@code library/<name>} for a single component, as the Docker CLI
     * does; other names unchanged.
     *
     * @throws IllegalArgumentException when the prefixed name would exceed 255 characters
     */
    public ImageName withLibraryPrefix() {
        return isSingleComponent() ? new ImageName(LIBRARY + value) : this;
    }

    /** True when the name has no {@code /}. */
    public boolean isSingleComponent() {
        return value.indexOf('/') < 0;
    }

    @Override
    public String toString() {
        return value;
    }
}
