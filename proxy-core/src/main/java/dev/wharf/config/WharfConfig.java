package dev.wharf.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The whole configuration: {@code server} ({@link ServerConfig}), {@code storage} ({@link StorageConfig}),
 * {@code auth} ({@link AuthConfig}), {@code logging} ({@link LoggingConfig}), {@code cache} ({@link CacheConfig}),
 * {@code gc} ({@link GcConfig}), {@code cluster} ({@link ClusterConfig}), {@code repositories}
 * ({@link RepositoryConfig}, default empty), and one
 * top-level section per format that has one ({@link FormatCatalog#sections()}, e.g. {@code docker}), held in
 * {@code sections} by name. Checks what no single section can: repository keys are unique; a virtual repository's
 * members exist, share its format and are not virtual themselves; its {@code deployTo} is a local member. The
 * formats check what concerns them ({@link FormatCatalog#validate}).
 */
public record WharfConfig(ServerConfig server, StorageConfig storage, AuthConfig auth, LoggingConfig logging,
                          CacheConfig cache, GcConfig gc, ClusterConfig cluster, List<RepositoryConfig> repositories,
                          Map<String, Record> sections) {
    public WharfConfig {
        Check.required(server, "server");
        Check.required(storage, "storage");
        Check.required(auth, "auth");
        Check.required(logging, "logging");
        Check.required(cache, "cache");
        Check.required(gc, "gc");
        Check.required(cluster, "cluster");
        repositories = List.copyOf(Check.required(repositories, "repositories"));
        sections = Map.copyOf(Check.required(sections, "sections"));
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
    }

    /** The format section {@code name} (e.g. {@code docker}), as the record its format binds it into. */
    public <T extends Record> T section(String name, Class<T> type) {
        Record section = sections.get(name);
        if (section == null) {
            throw new IllegalStateException("no configuration section " + name + " (sections: "
                    + String.join(", ", new TreeSet<>(sections.keySet())) + ")");
        }
        if (!type.isInstance(section)) {
            throw new IllegalStateException("configuration section " + name + " is a " + section.getClass().getName()
                    + ", not " + type.getName());
        }
        return type.cast(section);
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
            if (!member.format().equals(virtual.format())) {
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
}
