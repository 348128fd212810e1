package dev.wharf.generic;

import dev.wharf.format.FileResponses;
import dev.wharf.config.RepositoryConfig;
import dev.wharf.config.RepositoryType;
import dev.wharf.format.FileServer;
import dev.wharf.format.Format;
import dev.wharf.format.FormatContext;
import dev.wharf.format.RemoteFiles;
import dev.wharf.format.RepositoryHandler;
import dev.wharf.format.Served;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Generic files under {@code /repository/<key>/<path>}: remotes cache any HTTP file tree (release downloads,
 * installer mirrors), locals store files put with {@code PUT}, virtuals serve their members' files in order.
 */
public final class GenericFormat implements Format {
    /** The format's id in the configuration. */
    public static final String ID = "generic";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<? extends Record> options(RepositoryType type) {
        return switch (type) {
            case REMOTE -> GenericRemoteOptions.class;
            case LOCAL -> GenericLocalOptions.class;
            case VIRTUAL -> GenericVirtualOptions.class;
        };
    }

    @Override
    public Served serve(FormatContext context) {
        FileServer server = new FileServer(context, FileResponses.STYLE,
                (exchange, failure) -> FileResponses.failure(exchange, failure, exchange.path()));
        Map<String, GenericRepository> direct = new LinkedHashMap<>();
        for (RepositoryConfig repo : context.repositories()) {
            if (repo.type() == RepositoryType.REMOTE) {
                GenericLayout layout = new GenericLayout(repo.url(), repo.options(GenericRemoteOptions.class).mutable());
                direct.put(repo.key(), new GenericRemote(new RemoteFiles(repo, layout, context), server));
            } else if (repo.type() == RepositoryType.LOCAL) {
                direct.put(repo.key(), new GenericLocal(repo, context, server));
            }
        }
        Map<String, RepositoryHandler> handlers = new LinkedHashMap<>(direct);
        for (RepositoryConfig repo : context.repositories()) {
            if (repo.type() == RepositoryType.VIRTUAL) {
                List<GenericRepository> members = new ArrayList<>();
                repo.members().forEach(key -> members.add(direct.get(key)));
                Optional<GenericLocal> deployTo = Optional.ofNullable(repo.deployTo()).map(key -> (GenericLocal) direct.get(key));
                handlers.put(repo.key(), new GenericVirtual(repo.key(), members, deployTo, context.metadata(), server));
            }
        }
        return Served.repositories(handlers);
    }
}
