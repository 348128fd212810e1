package dev.wharf.format;

import dev.wharf.config.RepositoryConfig;
import dev.wharf.config.RepositoryType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds a format's repositories the way most formats relate them: each remote and local on its own, then each
 * virtual over its members (in their configured order) with its {@code deployTo} local, if any. Validation has
 * already checked that members exist and are of the format, and that {@code deployTo} is a local member.
 */
public final class RepositoryWiring {
    private RepositoryWiring() {
    }

    /** Makes a virtual repository's handler from its members and its deployTo local. */
    @FunctionalInterface
    public interface Virtual<R, L extends R> {
        RepositoryHandler create(RepositoryConfig config, List<R> members, Optional<L> deployTo);
    }

    /** What the format serves under {@code /repository/}: its repositories by key. */
    public static <R extends RepositoryHandler, L extends R> Served serve(List<RepositoryConfig> repositories,
            Function<RepositoryConfig, ? extends R> remote, Function<RepositoryConfig, ? extends L> local, Virtual<R, L> virtual) {
        Map<String, R> direct = new LinkedHashMap<>();
        Map<String, L> locals = new LinkedHashMap<>();
        for (RepositoryConfig repo : repositories) {
            if (repo.type() == RepositoryType.REMOTE) {
                direct.put(repo.key(), remote.apply(repo));
            } else if (repo.type() == RepositoryType.LOCAL) {
                L made = local.apply(repo);
                locals.put(repo.key(), made);
                direct.put(repo.key(), made);
            }
        }
        Map<String, RepositoryHandler> handlers = new LinkedHashMap<>(direct);
        for (RepositoryConfig repo : repositories) {
            if (repo.type() == RepositoryType.VIRTUAL) {
                List<R> members = new ArrayList<>();
                repo.members().forEach(key -> members.add(direct.get(key)));
                handlers.put(repo.key(), virtual.create(repo, members, Optional.ofNullable(repo.deployTo()).map(locals::get)));
            }
        }
        return Served.repositories(handlers);
    }
}
