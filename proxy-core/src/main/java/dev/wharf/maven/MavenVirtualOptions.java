package dev.wharf.maven;

/** The options of a Maven virtual repository beyond the common keys: none. */
public record MavenVirtualOptions() {
}
