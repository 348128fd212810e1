package dev.wharf.codec;

import java.time.Duration;
import java.util.Objects;

/** Reads and writes the short durations of the configuration: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}, {@code 2d}. */
public final class Durations {
    private static final long SECONDS_PER_DAY = 86_400;
    private static final long SECONDS_PER_HOUR = 3_600;
    private static final long SECONDS_PER_MINUTE = 60;
    private static final int NANOS_PER_MILLI = 1_000_000;

    private Durations() {
    }

    /**
     * Parses a non-negative whole number followed by {@code ms}, {@code s}, {@code m}, {@code h} or
     * {@code d}; a bare number means seconds. Units are case-sensitive ({@code M} is not minutes).
     */
    public static Duration parse(String text) {
        if (text == null) {
            throw invalid(null);
        }
        String s = text.strip();
        int digitsEnd = 0;
        while (digitsEnd < s.length() && s.charAt(digitsEnd) >= '0' && s.charAt(digitsEnd) <= '9') {
            digitsEnd++;
        }
        if (digitsEnd == 0) {
            throw invalid(text);
        }
        try {
            long amount = 0;
            for (int i = 0; i < digitsEnd; i++) {
                amount = Math.addExact(Math.multiplyExact(amount, 10), s.charAt(i) - '0');
            }
            switch (s.substring(digitsEnd)) {
                case "ms":
                    return Duration.ofMillis(amount);
                case "", "s":
                    return Duration.ofSeconds(amount);
                case "m":
                    return Duration.ofMinutes(amount);
                case "h":
                    return Duration.ofHours(amount);
                case "d":
                    return Duration.ofDays(amount);
                default:
                    throw invalid(text);
            }
        } catch (ArithmeticException tooLarge) {
            throw invalid(text);
        }
    }

    /**
     * Writes {@code duration} in the largest unit that holds it exactly, so that {@link #parse}
     * gives it back: {@code 2d}, {@code 90m}, {@code 1500ms}, {@code 0s}.
     *
     * @throws IllegalArgumentException for a negative duration or one finer than a millisecond
     */
    public static String format(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.getNano() % NANOS_PER_MILLI != 0) {
            throw new IllegalArgumentException(
                    "duration: " + duration + " (expected: a non-negative whole number of milliseconds)");
        }
        long seconds = duration.getSeconds();
        if (duration.getNano() != 0) {
            try {
                return duration.toMillis() + "ms";
            } catch (ArithmeticException tooLarge) {
                throw new IllegalArgumentException(
                        "duration: " + duration + " (expected: at most " + Long.MAX_VALUE + " milliseconds)");
            }
        }
        if (seconds == 0) {
            return "0s";
        }
        if (seconds % SECONDS_PER_DAY == 0) {
            return seconds / SECONDS_PER_DAY + "d";
        }
        if (seconds % SECONDS_PER_HOUR == 0) {
            return seconds / SECONDS_PER_HOUR + "h";
        }
        if (seconds % SECONDS_PER_MINUTE == 0) {
            return seconds / SECONDS_PER_MINUTE + "m";
        }
        return seconds + "s";
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException(String.format(
                "duration: %s (expected: a number with ms, s, m, h or d, e.g. 30s)", Printable.of(text)));
    }
}
