package dev.wharf.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole configuration: {@code server} ({@link ServerConfig}), {@code storage} ({@link StorageConfig}),
 * {@code docker} ({@link DockerConfig}), {@code auth} ({@link AuthConfig}) and {@code repositories}
 * ({@link RepositoryConfig}, default empty in a file). Checks what no single section can: repository keys are unique;
 * a virtual repository's members exist, share its format and are not virtual themselves; its {@code deployTo} is a
 * local member; {@code docker.defaultRepository} names a docker repository.
 */
public record WharfConfig(ServerConfig server, StorageConfig storage, DockerConfig docker, AuthConfig auth,
                          List<RepositoryConfig> repositories) {
    public WharfConfig {
        Check.required(server, "server");
        Check.required(storage, "storage");
        Check.required(docker, "docker");
        Check.required(auth, "auth");
        repositories = List.copyOf(Check.required(repositories, "repositories"));
        Map<String, Integer> indexByKey = new HashMap<>();
        for (int i = 0; i < repositories.size(); i++) {
            Integer earlier = indexByKey.putIfAbsent(repositories.get(i).key(), i);
            if (earlier != null) {
                throw new ConfigException("repositories[" + i + "].key",
                        Check.quote(repositories.get(i).key()) + " is already the key of repositories[" + earlier + "]");
            }
        }
        for (int i = 0; i < repositories.size(); i++) {
            if (repositories.get(i).type() == RepositoryType.VIRTUAL) {
                checkVirtual(repositories, indexByKey, i);
            }
        }
        checkDefaultRepository(docker.defaultRepository(), repositories, indexByKey);
    }

    /** The repository with this key, if configured. */
    public Optional<RepositoryConfig> repository(String key) {
        return repositories.stream().filter(r -> r.key().equals(key)).findFirst();
    }

    private static void checkVirtual(List<RepositoryConfig> repositories, Map<String, Integer> indexByKey, int index) {
        RepositoryConfig virtual = repositories.get(index);
        String at = "repositories[" + index + "]";
        for (int m = 0; m < virtual.members().size(); m++) {
            String memberKey = virtual.members().get(m);
            String memberAt = at + ".members[" + m + "]";
            Integer memberIndex = indexByKey.get(memberKey);
            if (memberIndex == null) {
                throw new ConfigException(memberAt, Check.quote(memberKey) + " is not a configured repository");
            }
            RepositoryConfig member = repositories.get(memberIndex);
            if (member.format() != virtual.format()) {
                throw new ConfigException(memberAt, Check.quote(memberKey) + " is a " + member.format()
                        + " repository (expected " + virtual.format() + ", the format of " + Check.quote(virtual.key()) + ")");
            }
            if (member.type() == RepositoryType.VIRTUAL) {
                throw new ConfigException(memberAt, Check.quote(memberKey)
                        + " is a virtual repository (expected a local or remote member)");
            }
        }
        String deployTo = virtual.deployTo();
        if (deployTo != null) {
            RepositoryType targetType = repositories.get(indexByKey.get(deployTo)).type();
            if (targetType != RepositoryType.LOCAL) {
                throw new ConfigException(at + ".deployTo",
                        Check.quote(deployTo) + " is a " + targetType + " repository (expected a local member)");
            }
        }
    }

    private static void checkDefaultRepository(String key, List<RepositoryConfig> repositories,
                                               Map<String, Integer> indexByKey) {
        if (key == null) {
            return;
        }
        Integer index = indexByKey.get(key);
        if (index == null) {
            throw new ConfigException("docker.defaultRepository", Check.quote(key) + " is not a configured repository");
        }
        Format format = repositories.get(index).format();
        if (format != Format.DOCKER) {
            throw new ConfigException("docker.defaultRepository",
                    Check.quote(key) + " is a " + format + " repository (expected a docker repository)");
        }
    }
}
