package dev.wharf.config;

/**
 * {@code docker}: Docker-specific settings. {@code defaultRepository} (optional, no default in a file, {@code dockerhub}
 * in the embedded default) is the repository that {@code /v2/<image>} requests without a repository key go to
 * (mirror mode); {@link WharfConfig} checks that it names a docker repository.
 */
public record DockerConfig(String defaultRepository) {
}
