package dev.wharf.pypi;

/** The options of a PyPI local repository beyond the common keys: none. */
public record PypiLocalOptions() {
}
