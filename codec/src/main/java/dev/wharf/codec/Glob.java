package dev.wharf.codec;

import java.util.Arrays;
import java.util.Objects;

/**
 * A glob over slash-separated names, as used in repository blocklists ({@code evil/*},
 * {@code **}{@code /malware}, {@code library/ubuntu}).
 *
 * <ul>
 *   <li>{@code ?} matches one character other than {@code /};</li>
 *   <li>{@code *} matches any run of characters within one component (no {@code /});</li>
 *   <li>{@code **} matches any run of characters across components; written as a whole component
 *       followed by {@code /} ({@code **}{@code /b}, {@code a/**}{@code /b}) it also matches zero
 *       components, so {@code **}{@code /malware} matches {@code malware};</li>
 *   <li>every other character, {@code [}, {@code \} and {@code .} included, matches itself.</li>
 * </ul>
 *
 * <p>The pattern is compiled once into a small automaton and matched without backtracking, in time
 * proportional to the name length times the pattern length, so no pattern can make a match slow.
 * A final class rather than a record because it holds that compiled form; equality is by pattern.
 */
public final class Glob {
    /** The longest pattern accepted. */
    public static final int MAX_LENGTH = 1024;

    private static final byte LITERAL = 0;
    private static final byte ONE = 1;
    private static final byte STAR = 2;
    private static final byte DOUBLE_STAR = 3;
    /** Consumes nothing; placed before a {@code **}{@code /} component, it lets that {@code **} and its slash be skipped. */
    private static final byte OPTIONAL_DIRECTORIES = 4;

    private final String pattern;
    private final byte[] kinds;
    private final char[] literals;

    public Glob(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        if (pattern.isEmpty() || pattern.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("glob: " + Printable.of(pattern)
                    + " (expected: 1 to " + MAX_LENGTH + " characters, with * ** ? as wildcards)");
        }
        this.pattern = pattern;
        byte[] k = new byte[pattern.length()];
        char[] l = new char[pattern.length()];
        int n = 0;
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '*') {
                int end = i;
                while (end < pattern.length() && pattern.charAt(end) == '*') {
                    end++;
                }
                boolean startsComponent = i == 0 || pattern.charAt(i - 1) == '/';
                boolean endsBeforeSlash = end < pattern.length() && pattern.charAt(end) == '/';
                if (end - i == 1) {
                    k[n] = STAR;
                } else {
                    if (startsComponent && endsBeforeSlash) {
                        k[n++] = OPTIONAL_DIRECTORIES;
                    }
                    k[n] = DOUBLE_STAR;
                }
                i = end;
            } else {
                k[n] = c == '?' ? ONE : LITERAL;
                l[n] = c;
                i++;
            }
            n++;
        }
        this.kinds = Arrays.copyOf(k, n);
        this.literals = Arrays.copyOf(l, n);
    }

    /** The pattern as written. */
    public String pattern() {
        return pattern;
    }

    /** True when the whole of {@code name} matches the pattern. */
    public boolean matches(String name) {
        Objects.requireNonNull(name, "name");
        int accept = kinds.length;
        boolean[] current = new boolean[accept + 1];
        boolean[] next = new boolean[accept + 1];
        current[0] = true;
        closeOverEmpty(current);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            Arrays.fill(next, false);
            boolean alive = false;
            for (int s = 0; s < accept; s++) {
                if (!current[s]) {
                    continue;
                }
                int target = switch (kinds[s]) {
                    case LITERAL -> literals[s] == c ? s + 1 : -1;
                    case ONE -> c != '/' ? s + 1 : -1;
                    case STAR -> c != '/' ? s : -1;
                    case DOUBLE_STAR -> s;
                    default -> -1;
                };
                if (target >= 0) {
                    next[target] = true;
                    alive = true;
                }
            }
            if (!alive) {
                return false;
            }
            closeOverEmpty(next);
            boolean[] swap = current;
            current = next;
            next = swap;
        }
        return current[accept];
    }

    /** Adds the states reachable without input; those moves only go forward, so one pass suffices. */
    private void closeOverEmpty(boolean[] states) {
        for (int s = 0; s < kinds.length; s++) {
            if (states[s] && kinds[s] >= STAR) {
                states[s + 1] = true;
                if (kinds[s] == OPTIONAL_DIRECTORIES) {
                    states[s + 3] = true;
                }
            }
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Glob glob && glob.pattern.equals(pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
