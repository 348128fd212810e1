package dev.wharf.generic;

/** The options of a generic virtual repository beyond the common keys: none. */
public record GenericVirtualOptions() {
}
