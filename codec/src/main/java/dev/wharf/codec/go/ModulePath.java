package dev.wharf.codec.go;

import dev.wharf.codec.Printable;

/**
 * Module paths as the GOPROXY protocol carries them: case-encoded, every upper-case letter written as
 * {@code !} and its lower-case form ({@code github.com/!azure} is {@code github.com/Azure}), so that a proxy on a
 * case-insensitive file system keeps them apart.
 */
public final class ModulePath {
    /** The longest module path accepted. */
    public static final int MAX_LENGTH = 1024;

    private ModulePath() {
    }

    /**
     * Decodes an escaped module path, checking that it is one: non-empty slash-separated elements of ASCII
     * letters, digits and {@code -._~+}, none of them {@code .} or {@code ..}, no leading or trailing slash.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static String unescape(String escaped) {
        StringBuilder out = new StringBuilder(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c == '!') {
                char next = i + 1 < escaped.length() ? escaped.charAt(i + 1) : 0;
                if (next < 'a' || next > 'z') {
                    throw new IllegalArgumentException("bad case escape in module path " + Printable.of(escaped)
                            + " ('!' must be followed by a lower-case letter)");
                }
                out.append(Character.toUpperCase(next));
                i++;
            } else if (c >= 'A' && c <= 'Z') {
                throw new IllegalArgumentException("upper-case letter in escaped module path " + Printable.of(escaped)
                        + " (expected '!" + Character.toLowerCase(c) + "')");
            } else {
                out.append(c);
            }
        }
        String path = out.toString();
        check(path);
        return path;
    }

    /** Case-encodes a module path. */
    public static String escape(String path) {
        check(path);
        StringBuilder out = new StringBuilder(path.length() + 8);
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                out.append('!').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Checks that the major version suffix of {@code path} agrees with {@code version}, as the go command does:
     * {@code v2} and above need a {@code /vN} suffix unless the version is {@code +incompatible}; {@code v0} and
     * {@code v1} take none.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static void checkMajor(String path, SemVer version) {
        String suffix = majorSuffix(path);
        if (version.incompatible()) {
            if (suffix != null) {
                throw new IllegalArgumentException("version " + version + " is +incompatible, but module path " + path
                        + " has a major version suffix");
            }
            if (version.major() < 2) {
                throw new IllegalArgumentException("+incompatible is only for major versions 2 and above, not " + version);
            }
            return;
        }
        String expected = version.major() >= 2 ? "v" + version.major() : null;
        if (expected == null ? suffix != null : !expected.equals(suffix)) {
            throw new IllegalArgumentException("module path " + path + " does not match version " + version
                    + (expected == null ? " (a v0 or v1 module has no /vN suffix)" : " (expected the suffix /" + expected + ")"));
        }
    }

    /** The {@code vN} of a trailing {@code /vN} element (N at least 2, no leading zero), or null. */
    private static String majorSuffix(String path) {
        int slash = path.lastIndexOf('/');
        String last = path.substring(slash + 1);
        if (slash < 0 || last.length() < 2 || last.charAt(0) != 'v' || last.charAt(1) == '0') {
            return null;
        }
        for (int i = 1; i < last.length(); i++) {
            if (!Character.isDigit(last.charAt(i))) {
                return null;
            }
        }
        return last.equals("v1") ? null : last;
    }

    private static void check(String path) {
        if (path.isEmpty() || path.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("module path must have 1 to " + MAX_LENGTH + " characters");
        }
        for (String element : path.split("/", -1)) {
            if (element.isEmpty() || element.equals(".") || element.equals("..")) {
                throw new IllegalArgumentException("bad element " + Printable.of(element) + " in module path " + Printable.of(path));
            }
            for (int i = 0; i < element.length(); i++) {
                char c = element.charAt(i);
                boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~+".indexOf(c) >= 0;
                if (!ok) {
                    throw new IllegalArgumentException("character " + Printable.of(String.valueOf(c))
                            + " is not allowed in module path " + Printable.of(path));
                }
            }
        }
    }
}
