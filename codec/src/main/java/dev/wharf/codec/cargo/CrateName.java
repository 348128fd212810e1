package dev.wharf.codec.cargo;

import dev.wharf.codec.Printable;
import java.util.Locale;

/** Crate names and where the sparse index keeps each one's file. */
public final class CrateName {
    /** The longest crate name accepted, as crates.io's limit. */
    public static final int MAX_LENGTH = 64;

    private CrateName() {
    }

    /**
     * Checks a crate name: ASCII letters, digits, {@code -} and {@code _}, starting with a letter, at most
     * {@value #MAX_LENGTH} characters.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static String check(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a crate name has 1 to " + MAX_LENGTH + " characters");
        }
        if (!Character.isLetter(name.charAt(0)) || name.charAt(0) > 127) {
            throw new IllegalArgumentException("crate name " + Printable.of(name) + " must start with an ASCII letter");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                throw new IllegalArgumentException("crate name " + Printable.of(name) + " may hold only ASCII letters, digits, - and _");
            }
        }
        return name;
    }

    /**
     * The path of a crate's index file within the index: {@code 1/a}, {@code 2/ab}, {@code 3/a/abc}, else
     * {@code ab/cd/abcd...}, lower-cased.
     */
    public static String indexPath(String name) {
        String lower = check(name).toLowerCase(Locale.ROOT);
        return switch (lower.length()) {
            case 1 -> "1/" + lower;
            case 2 -> "2/" + lower;
            case 3 -> "3/" + lower.charAt(0) + "/" + lower;
            default -> lower.substring(0, 2) + "/" + lower.substring(2, 4) + "/" + lower;
        };
    }

    /** The crate name an index path names, or null when the path is not an index file's. */
    public static String fromIndexPath(String path) {
        String[] parts = path.split("/", -1);
        String name = parts[parts.length - 1];
        try {
            return indexPath(name).equals(path) ? name : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
