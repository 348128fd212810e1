package dev.wharf.npm;

import dev.wharf.config.RepositoryConfig;
import dev.wharf.config.RepositoryType;
import dev.wharf.format.FileServer;
import dev.wharf.format.Format;
import dev.wharf.format.FormatContext;
import dev.wharf.format.RepositoryHandler;
import dev.wharf.format.Served;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * npm registries under {@code /repository/<key>/}: remotes cache a registry's packuments and tarballs, locals
 * take {@code npm publish}, virtuals merge their members' packuments. What npm, pnpm and yarn use: packuments
 * (full and abbreviated), tarballs, dist-tags, publish, deprecate, unpublish.
 */
public final class NpmFormat implements Format {
    /** The format's id in the configuration. */
    public static final String ID = "npm";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<? extends Record> options(RepositoryType type) {
        return switch (type) {
            case REMOTE -> NpmRemoteOptions.class;
            case LOCAL -> NpmLocalOptions.class;
            case VIRTUAL -> NpmVirtualOptions.class;
        };
    }

    @Override
    public Served serve(FormatContext context) {
        FileServer server = new FileServer(context, NpmResponses.STYLE,
                (exchange, failure) -> NpmResponses.failure(exchange, failure, exchange.path()));
        NpmReads reads = new NpmReads(server, new PackumentResponder(context.fileExecutor()));
        Map<String, NpmRepository> direct = new LinkedHashMap<>();
        for (RepositoryConfig repo : context.repositories()) {
            if (repo.type() == RepositoryType.REMOTE) {
                direct.put(repo.key(), new NpmRemote(repo, context, reads));
            } else if (repo.type() == RepositoryType.LOCAL) {
                direct.put(repo.key(), new NpmLocal(repo, context, reads));
            }
        }
        Map<String, RepositoryHandler> handlers = new LinkedHashMap<>(direct);
        for (RepositoryConfig repo : context.repositories()) {
            if (repo.type() == RepositoryType.VIRTUAL) {
                List<NpmRepository> members = new ArrayList<>();
                repo.members().forEach(key -> members.add(direct.get(key)));
                Optional<NpmRepository> deployTo = Optional.ofNullable(repo.deployTo()).map(direct::get);
                handlers.put(repo.key(), new NpmVirtual(repo.key(), members, deployTo, reads));
            }
        }
        return Served.repositories(handlers);
    }
}
