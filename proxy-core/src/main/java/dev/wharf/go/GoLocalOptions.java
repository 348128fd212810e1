package dev.wharf.go;

/** The options of a Go module local repository beyond the common keys: none (a published version is never replaced). */
public record GoLocalOptions() {
}
