package dev.wharf.docker;

/** The options of a docker repository beyond the common keys, of every type: none yet. */
public record DockerOptions() {
}
