package dev.wharf.config;

import java.time.Duration;
import java.util.List;

/** The checks the configuration records run in their constructors, each failing with a {@link ConfigException}. */
final class Check {
    private static final int MAX_SHOWN = 80;

    private Check() {
    }

    static <T> T required(T value, String key) {
        if (value == null) {
            throw new ConfigException(key, "required");
        }
        return value;
    }

    static String requiredText(String value, String key) {
        if (required(value, key).isBlank()) {
            throw new ConfigException(key, "must not be blank");
        }
        return value;
    }

    static int inRange(int value, int min, int max, String key) {
        if (value < min || value > max) {
            throw new ConfigException(key, value + " is out of range (expected " + min + ".." + max + ")");
        }
        return value;
    }

    static Duration positive(Duration value, String key) {
        if (required(value, key).isNegative() || value.isZero()) {
            throw new ConfigException(key, DurationSyntax.format(value) + " is not positive (expected e.g. 30s, 10m, 1h)");
        }
        return value;
    }

    static long atLeast(long value, long min, String key) {
        if (value < min) {
            throw new ConfigException(key, DataSizeSyntax.format(value) + " is too small (expected "
                    + DataSizeSyntax.format(min) + " or more)");
        }
        return value;
    }

    static long atMost(long value, long max, String key) {
        if (value > max) {
            throw new ConfigException(key, DataSizeSyntax.format(value) + " is too large (expected "
                    + DataSizeSyntax.format(max) + " or less)");
        }
        return value;
    }

    static Duration notNegative(Duration value, String key) {
        if (required(value, key).isNegative()) {
            throw new ConfigException(key, DurationSyntax.format(value) + " is negative (expected 0s or more)");
        }
        return value;
    }

    static String oneOf(String value, List<String> allowed, String key) {
        if (!allowed.contains(required(value, key))) {
            throw new ConfigException(key, quote(value) + " is not one of " + String.join(", ", allowed));
        }
        return value;
    }

    /** An immutable copy of {@code values} (null reads as empty) in which every entry is non-blank. */
    static List<String> texts(List<String> values, String key) {
        if (values == null) {
            return List.of();
        }
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value == null || value.isBlank()) {
                throw new ConfigException(key + "[" + i + "]", "must not be blank");
            }
        }
        return List.copyOf(values);
    }

    /** {@code text} in double quotes, escaped and shortened so that a message stays on one short line. */
    static String quote(String text) {
        String shown = text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN - 3) + "...";
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
