package dev.wharf.codec.npm;

import dev.wharf.codec.Printable;
import java.util.regex.Pattern;

/** Version strings and dist-tag names as a repository stores them: one path segment each, URL-safe. */
public final class Versions {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+_~-]{0,255}");

    private Versions() {
    }

    /** @throws NpmPathException when {@code version} cannot be a stored version */
    public static String check(String version) {
        if (!SAFE.matcher(version).matches()) {
            throw new NpmPathException("version " + Printable.of(version)
                    + " is not a version (expected letters, digits and . + - _ ~, at most 256 characters)");
        }
        return version;
    }

    /** @throws NpmPathException when {@code tag} cannot be a dist-tag */
    public static String checkTag(String tag) {
        if (!SAFE.matcher(tag).matches()) {
            throw new NpmPathException("dist-tag " + Printable.of(tag)
                    + " is not a tag name (expected letters, digits and . + - _ ~, at most 256 characters)");
        }
        return tag;
    }
}
