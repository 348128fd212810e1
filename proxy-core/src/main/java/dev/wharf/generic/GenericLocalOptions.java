package dev.wharf.generic;

/** The options of a generic local repository: {@code allowOverwrite}, whether a PUT may replace a file (default false: 409). */
public record GenericLocalOptions(boolean allowOverwrite) {
}
