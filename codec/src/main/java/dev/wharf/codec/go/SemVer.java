package dev.wharf.codec.go;

import java.util.Objects;

/**
 * A canonical module version, {@code vMAJOR.MINOR.PATCH[-PRERELEASE][+incompatible]}, ordered as the go command
 * orders them (semantic versioning; a pre-release, pseudo-versions included, sorts before its release).
 */
public record SemVer(long major, long minor, long patch, String prerelease, boolean incompatible) implements Comparable<SemVer> {
    public SemVer {
        Objects.requireNonNull(prerelease, "prerelease");
    }

    /**
     * Parses a canonical version as module versions must be.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static SemVer parse(String text) {
        if (text.length() > 128 || !text.startsWith("v")) {
            throw new IllegalArgumentException("not a module version: " + text + " (expected vMAJOR.MINOR.PATCH)");
        }
        String rest = text.substring(1);
        boolean incompatible = false;
        int plus = rest.indexOf('+');
        if (plus >= 0) {
            if (!rest.substring(plus).equals("+incompatible")) {
                throw new IllegalArgumentException("not a canonical module version: " + text
                        + " (the only build suffix allowed is +incompatible)");
            }
            incompatible = true;
            rest = rest.substring(0, plus);
        }
        String prerelease = "";
        int dash = rest.indexOf('-');
        if (dash >= 0) {
            prerelease = rest.substring(dash + 1);
            rest = rest.substring(0, dash);
            checkPrerelease(prerelease, text);
        }
        String[] numbers = rest.split("\\.", -1);
        if (numbers.length != 3) {
            throw new IllegalArgumentException("not a canonical module version: " + text + " (expected vMAJOR.MINOR.PATCH)");
        }
        return new SemVer(number(numbers[0], text), number(numbers[1], text), number(numbers[2], text), prerelease, incompatible);
    }

    /** True when {@code text} parses. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** True for a pre-release (pseudo-versions included). */
    public boolean isPrerelease() {
        return !prerelease.isEmpty();
    }

    @Override
    public int compareTo(SemVer other) {
        int c = Long.compare(major, other.major);
        if (c == 0) {
            c = Long.compare(minor, other.minor);
        }
        if (c == 0) {
            c = Long.compare(patch, other.patch);
        }
        if (c == 0) {
            c = comparePrerelease(prerelease, other.prerelease);
        }
        return c != 0 ? c : Boolean.compare(incompatible, other.incompatible);
    }

    @Override
    public String toString() {
        return "v" + major + "." + minor + "." + patch + (prerelease.isEmpty() ? "" : "-" + prerelease)
                + (incompatible ? "+incompatible" : "");
    }

    private static long number(String digits, String text) {
        if (digits.isEmpty() || digits.length() > 18 || digits.length() > 1 && digits.charAt(0) == '0'
                || !digits.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not a canonical module version: " + text);
        }
        return Long.parseLong(digits);
    }

    private static void checkPrerelease(String prerelease, String text) {
        for (String id : prerelease.split("\\.", -1)) {
            boolean numeric = !id.isEmpty() && id.chars().allMatch(Character::isDigit);
            if (id.isEmpty() || !id.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-')
                    || numeric && id.length() > 1 && id.charAt(0) == '0') {
                throw new IllegalArgumentException("bad pre-release " + prerelease + " in version " + text);
            }
        }
    }

    private static int comparePrerelease(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        if (a.isEmpty()) {
            return 1;
        }
        if (b.isEmpty()) {
            return -1;
        }
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            boolean xn = x[i].chars().allMatch(Character::isDigit);
            boolean yn = y[i].chars().allMatch(Character::isDigit);
            int c;
            if (xn && yn) {
                c = x[i].length() != y[i].length() ? Integer.compare(x[i].length(), y[i].length()) : x[i].compareTo(y[i]);
            } else if (xn || yn) {
                c = xn ? -1 : 1;
            } else {
                c = x[i].compareTo(y[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }
}
