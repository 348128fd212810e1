package dev.wharf.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as the configuration writes them: a whole number of bytes ({@code 1048576}), or a whole number and one
 * binary unit, {@code 512KiB}, {@code 512MiB}, {@code 10GiB}, {@code 1TiB}. Nothing else is accepted, so that
 * {@code 10GB} (decimal or binary?) or {@code 1.5GiB} fail instead of being guessed at. Every {@code long} key of
 * the configuration is a size.
 */
final class DataSizeSyntax {
    /** Appended to every message about a malformed size. */
    static final String EXPECTED = "(expected e.g. 512MiB, 10GiB, 1TiB or a number of bytes)";

    private static final Pattern SYNTAX = Pattern.compile("([0-9]{1,19})(KiB|MiB|GiB|TiB)?");
    private static final List<Unit> LARGEST_FIRST = List.of(
            new Unit("TiB", 1L << 40), new Unit("GiB", 1L << 30), new Unit("MiB", 1L << 20), new Unit("KiB", 1L << 10));

    private record Unit(String suffix, long bytes) {
    }

    private DataSizeSyntax() {
    }

    /** The number of bytes {@code text} denotes, or empty when it is not written the way this class accepts or overflows. */
    static Optional<Long> parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            long amount = Long.parseLong(m.group(1));
            if (m.group(2) == null) {
                return Optional.of(amount);
            }
            long unit = LARGEST_FIRST.stream().filter(u -> u.suffix.equals(m.group(2))).findFirst().orElseThrow().bytes;
            return Optional.of(Math.multiplyExact(amount, unit));
        } catch (ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** {@code bytes} in the largest unit that writes it exactly, e.g. {@code 10GiB}, {@code 1536KiB}, {@code 1000}; {@code parse} reads it back. */
    static String format(long bytes) {
        for (Unit u : LARGEST_FIRST) {
            if (bytes != 0 && bytes % u.bytes == 0) {
                return bytes / u.bytes + u.suffix;
            }
        }
        return Long.toString(bytes);
    }
}
