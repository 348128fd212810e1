package dev.wharf.config;

import java.util.List;

/**
 * {@code logging}: how Wharf writes its log. Keys, with their defaults:
 * <ul>
 *   <li>{@code format}: {@code text} (default, one line per event for a terminal) or {@code json} (one JSON object
 *       per line, for a log collector)</li>
 *   <li>{@code level}: the least severe level written: {@code error}, {@code warn}, {@code info} (default),
 *       {@code debug} or {@code trace}</li>
 * </ul>
 */
public record LoggingConfig(@Default("text") String format, @Default("info") String level) {
    public static final List<String> FORMATS = List.of("text", "json");
    public static final List<String> LEVELS = List.of("error", "warn", "info", "debug", "trace");

    public LoggingConfig {
        Check.oneOf(format, FORMATS, "format");
        Check.oneOf(level, LEVELS, "level");
    }
}
