package dev.wharf.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the configuration writes them: a whole number and one unit, {@code 500ms}, {@code 30s},
 * {@code 10m}, {@code 1h}, {@code 2d}. Nothing else is accepted, so that {@code 10M} or {@code 10 minutes}
 * fail instead of being guessed at.
 */
final class DurationSyntax {
    /** Appended to every message about a malformed duration. */
    static final String EXPECTED = "(expected e.g. 30s, 10m, 1h)";

    private static final Pattern SYNTAX = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");
    private static final List<Unit> LARGEST_FIRST = List.of(
            new Unit("d", ChronoUnit.DAYS), new Unit("h", ChronoUnit.HOURS), new Unit("m", ChronoUnit.MINUTES),
            new Unit("s", ChronoUnit.SECONDS), new Unit("ms", ChronoUnit.MILLIS));

    private record Unit(String suffix, ChronoUnit unit) {
    }

    private DurationSyntax() {
    }

    /** The duration {@code text} denotes, or empty when it is not written the way this class accepts. */
    static Optional<Duration> parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(m.group(1));
        Unit unit = LARGEST_FIRST.stream().filter(u -> u.suffix.equals(m.group(2))).findFirst().orElseThrow();
        return Optional.of(Duration.of(amount, unit.unit));
    }

    /** {@code duration} in the largest unit that writes it exactly, e.g. {@code 90s}, {@code 2h}; {@code parse} reads it back. */
    static String format(Duration duration) {
        if (duration.isNegative()) {
            return "-" + format(duration.negated());
        }
        long millis = duration.toMillis();
        for (Unit u : LARGEST_FIRST) {
            long unitMillis = u.unit.getDuration().toMillis();
            if (millis % unitMillis == 0 && (millis != 0 || u.unit == ChronoUnit.SECONDS)) {
                return millis / unitMillis + u.suffix;
            }
        }
        return millis + "ms";
    }
}
