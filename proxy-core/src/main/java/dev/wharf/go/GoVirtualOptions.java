package dev.wharf.go;

/** The options of a Go module virtual repository beyond the common keys: none. */
public record GoVirtualOptions() {
}
