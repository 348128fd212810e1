package dev.wharf.npm;

/** An npm virtual repository has no options beyond the common keys. */
public record NpmVirtualOptions() {
}
