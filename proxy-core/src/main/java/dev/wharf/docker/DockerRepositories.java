package dev.wharf.docker;

import dev.wharf.codec.docker.ImageName;
import dev.wharf.config.RepositoryConfig;
import dev.wharf.config.RepositoryType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Docker repositories of a configuration, and how a request's name picks one:
 * <ol>
 *   <li>containerd's {@code ?ns=<registry host>}: the remote whose upstream is that host, the whole path
 *       being the image name; no such remote is a 404, so containerd falls back to the registry itself
 *       rather than being given an image of another registry;</li>
 *   <li>path mode, {@code <repo-key>/<image>};</li>
 *   <li>the mirror default ({@code docker.defaultRepository}), the whole path being the image name.</li>
 * </ol>
 */
final class DockerRepositories {
    private final Map<String, RepositoryConfig> docker = new LinkedHashMap<>();
    private final Map<String, RemoteDockerRepository> remotes = new LinkedHashMap<>();
    private final Map<String, LocalDockerRepository> locals = new LinkedHashMap<>();
    private final String defaultRepository;

    DockerRepositories(List<RepositoryConfig> repositories, String defaultRepository,
                       Function<RepositoryConfig, RemoteDockerRepository> remote,
                       Function<RepositoryConfig, LocalDockerRepository> local) {
        for (RepositoryConfig repo : repositories) {
            docker.put(repo.key(), repo);
            if (repo.type() == RepositoryType.REMOTE) {
                remotes.put(repo.key(), remote.apply(repo));
            } else if (repo.type() == RepositoryType.LOCAL) {
                locals.put(repo.key(), local.apply(repo));
            }
        }
        this.defaultRepository = defaultRepository;
    }

    /** A repository and the image name within it; {@code remote} is empty for a local or virtual repository. */
    record Target(RepositoryConfig repository, Optional<RemoteDockerRepository> remote, ImageName name) {
    }

    /** Picks the repository for a request name; empty when none applies. */
    Optional<Target> resolve(ImageName requested, Optional<String> namespace) {
        if (namespace.isPresent()) {
            return remotes.values().stream().filter(r -> r.servesNamespace(namespace.get())).findFirst()
                    .map(r -> target(docker.get(r.key()), requested));
        }
        if (!requested.isSingleComponent() && docker.containsKey(requested.first())) {
            return Optional.of(target(docker.get(requested.first()), requested.withoutFirst()));
        }
        if (defaultRepository != null && docker.containsKey(defaultRepository)) {
            return Optional.of(target(docker.get(defaultRepository), requested));
        }
        return Optional.empty();
    }

    private Target target(RepositoryConfig repo, ImageName name) {
        return new Target(repo, Optional.ofNullable(remotes.get(repo.key())), name);
    }


    /** Every Docker repository, in configuration order. */
    List<RepositoryConfig> all() {
        return List.copyOf(docker.values());
    }

    Optional<RemoteDockerRepository> remote(String key) {
        return Optional.ofNullable(remotes.get(key));
    }

    Optional<LocalDockerRepository> local(String key) {
        return Optional.ofNullable(locals.get(key));
    }

    /** The members of a virtual repository, in order (the configuration checked they are docker repositories). */
    List<RepositoryConfig> members(RepositoryConfig virtual) {
        return virtual.members().stream().map(docker::get).toList();
    }

    /** The local members of a virtual, in order. */
    List<LocalDockerRepository> localMembers(RepositoryConfig virtual) {
        return virtual.members().stream().map(locals::get).filter(Objects::nonNull).toList();
    }

    List<String> keys() {
        return List.copyOf(docker.keySet());
    }
}
