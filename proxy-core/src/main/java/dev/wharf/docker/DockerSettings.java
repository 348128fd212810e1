package dev.wharf.docker;

/**
 * {@code docker}: settings of the Docker format. {@code defaultRepository} (optional; {@code dockerhub} in the
 * embedded default) is the repository that {@code /v2/<image>} requests without a repository key go to
 * (mirror mode); it must name a docker repository.
 */
public record DockerSettings(String defaultRepository) {
}
