package dev.wharf.generic;

/** The options of a generic virtual repository beyond the common ones: none. */
public record GenericVirtualOptions() {
}
