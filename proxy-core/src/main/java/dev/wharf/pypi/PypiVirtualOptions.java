package dev.wharf.pypi;

/** The options of a PyPI virtual repository beyond the common keys: none. */
public record PypiVirtualOptions() {
}
