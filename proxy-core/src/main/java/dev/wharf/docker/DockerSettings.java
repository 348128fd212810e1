package dev.wharf.docker;

import dev.wharf.config.ConfigException;
import dev.wharf.config.RepositoryConfig;
import dev.wharf.config.WharfConfig;

/**
 * The {@code docker} section of the configuration, owned by the Docker format. Keys, with their defaults:
 * <ul>
 *   <li>{@code defaultRepository}: optional, no default in a file ({@code dockerhub} in the embedded default): the
 *       repository that {@code /v2/<image>} requests without a repository key go to (mirror mode); it must name a
 *       docker repository ({@link #check})</li>
 * </ul>
 */
public record DockerSettings(String defaultRepository) {
    /** Fails unless {@code defaultRepository}, when set, names a docker repository of {@code config}. */
    public void check(WharfConfig config) {
        if (defaultRepository == null) {
            return;
        }
        String key = DockerFormat.ID + ".defaultRepository";
        RepositoryConfig repository = config.repository(defaultRepository).orElseThrow(() -> new ConfigException(key,
                ConfigException.quote(defaultRepository) + " is not a configured repository"));
        if (!repository.format().equals(DockerFormat.ID)) {
            throw new ConfigException(key, ConfigException.quote(defaultRepository) + " is a " + repository.format()
                    + " repository (expected a docker repository)");
        }
    }
}
