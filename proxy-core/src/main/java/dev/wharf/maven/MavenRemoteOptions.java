package dev.wharf.maven;

/** The options of a Maven remote repository beyond the common keys: none. */
public record MavenRemoteOptions() {
}
