package dev.wharf.docker;

import dev.wharf.codec.docker.ImageName;
import dev.wharf.config.RepositoryConfig;
import dev.wharf.config.RepositoryType;
import dev.wharf.config.WharfConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Docker repositories of a configuration, and how a request's name picks one: path mode
 * ({@code <repo-key>/<image>}), containerd's {@code ns} host, or the mirror default.
 */
final class DockerRepositories {
    private final Map<String, RepositoryConfig> docker = new LinkedHashMap<>();
    private final Map<String, RemoteDockerRepository> remotes = new LinkedHashMap<>();
    private final String defaultRepository;

    DockerRepositories(WharfConfig config) {
        for (RepositoryConfig repo : config.repositories()) {
            if (repo.format().equals(DockerSettings.FORMAT)) {
                docker.put(repo.key(), repo);
                if (repo.type() == RepositoryType.REMOTE) {
                    remotes.put(repo.key(), new RemoteDockerRepository(repo));
                }
            }
        }
        this.defaultRepository = config.section(DockerSettings.SECTION, DockerSettings.class).defaultRepository();
    }

    /** A repository and the image name within it. */
    record Target(RepositoryConfig repository, ImageName name) {
    }

    /** Picks the repository for a request name; empty when none applies. */
    Optional<Target> resolve(ImageName requested, Optional<String> namespace) {
        if (!requested.isSingleComponent() && docker.containsKey(requested.first())) {
            return Optional.of(new Target(docker.get(requested.first()), requested.withoutFirst()));
        }
        if (namespace.isPresent()) {
            Optional<RemoteDockerRepository> byHost = remotes.values().stream()
                    .filter(r -> r.servesNamespace(namespace.get())).findFirst();
            if (byHost.isPresent()) {
                return Optional.of(new Target(docker.get(byHost.get().key()), requested));
            }
        }
        if (defaultRepository != null && docker.containsKey(defaultRepository)) {
            return Optional.of(new Target(docker.get(defaultRepository), requested));
        }
        return Optional.empty();
    }

    /** The remote behind a repository key, if it is a remote. */
    Optional<RemoteDockerRepository> remote(String key) {
        return Optional.ofNullable(remotes.get(key));
    }

    List<String> keys() {
        return List.copyOf(docker.keySet());
    }
}
