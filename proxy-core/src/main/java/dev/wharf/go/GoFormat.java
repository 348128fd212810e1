package dev.wharf.go;

import dev.wharf.config.RepositoryConfig;
import dev.wharf.config.RepositoryType;
import dev.wharf.format.FileResponses;
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
 * Go modules under {@code /repository/<key>/}, speaking the GOPROXY protocol ({@code GOPROXY=http://HOST/repository/<key>}):
 * remotes cache another module proxy (and optionally a checksum database), locals host published module versions,
 * virtuals merge version lists.
 */
public final class GoFormat implements Format {
    /** The format's id in the configuration. */
    public static final String ID = "go";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<? extends Record> options(RepositoryType type) {
        return switch (type) {
            case REMOTE -> GoRemoteOptions.class;
            case LOCAL -> GoLocalOptions.class;
            case VIRTUAL -> GoVirtualOptions.class;
        };
    }

    @Override
    public Served serve(FormatContext context) {
        FileServer server = new FileServer(context, FileResponses.STYLE,
                (exchange, failure) -> FileResponses.failure(exchange, failure, exchange.path()));
        Map<String, GoRepository> direct = new LinkedHashMap<>();
        for (RepositoryConfig repo : context.repositories()) {
            if (repo.type() == RepositoryType.REMOTE) {
                direct.put(repo.key(), new GoRemote(new RemoteFiles(repo, new GoLayout(repo.url()), context), server,
                        context.blobs(), repo.options(GoRemoteOptions.class)));
            } else if (repo.type() == RepositoryType.LOCAL) {
                direct.put(repo.key(), new GoLocal(repo, context, server));
            }
        }
        Map<String, RepositoryHandler> handlers = new LinkedHashMap<>(direct);
        for (RepositoryConfig repo : context.repositories()) {
            if (repo.type() == RepositoryType.VIRTUAL) {
                List<GoRepository> members = new ArrayList<>();
                repo.members().forEach(key -> members.add(direct.get(key)));
                Optional<GoLocal> deployTo = Optional.ofNullable(repo.deployTo()).map(key -> (GoLocal) direct.get(key));
                handlers.put(repo.key(), new GoVirtual(repo.key(), members, deployTo, server));
            }
        }
        return Served.repositories(handlers);
    }
}
