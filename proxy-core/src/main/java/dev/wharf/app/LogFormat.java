package dev.wharf.app;

import java.util.Locale;

/** How log lines are written: {@code text} (one human-readable line per event) or {@code json} (one object per line). */
public enum LogFormat {
    TEXT,
    JSON;

    /** Parses {@code text} or {@code json}, ignoring case. */
    public static LogFormat parse(String value) {
        for (LogFormat format : values()) {
            if (format.name().equalsIgnoreCase(value)) {
                return format;
            }
        }
        throw new IllegalArgumentException("logging.format: " + value + " (expected: text or json)");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
