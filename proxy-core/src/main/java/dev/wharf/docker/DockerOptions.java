package dev.wharf.docker;

/** The options of a Docker repository beyond the common ones: none yet. */
public record DockerOptions() {
}
