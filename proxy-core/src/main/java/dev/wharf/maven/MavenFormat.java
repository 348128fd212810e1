package dev.wharf.maven;

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
 * Maven 2 repositories under {@code /repository/<key>/}: remotes cache an upstream repository (verifying release
 * files against its checksums), locals take {@code mvn deploy} and compute {@code maven-metadata.xml}, virtuals
 * merge their members' metadata and serve files from the first member that has them.
 */
public final class MavenFormat implements Format {
    /** The format's id in the configuration. */
    public static final String ID = "maven";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<? extends Record> options(RepositoryType type) {
        return switch (type) {
            case REMOTE -> MavenRemoteOptions.class;
            case LOCAL -> MavenLocalOptions.class;
            case VIRTUAL -> MavenVirtualOptions.class;
        };
    }

    @Override
    public Served serve(FormatContext context) {
        FileServer server = new FileServer(context, FileResponses.STYLE,
                (exchange, failure) -> MavenResponses.failure(exchange, failure, exchange.path()));
        Map<String, MavenRepository> direct = new LinkedHashMap<>();
        for (RepositoryConfig repo : context.repositories()) {
            if (repo.type() == RepositoryType.REMOTE) {
                MavenLayout layout = new MavenLayout(repo.url());
                direct.put(repo.key(), new MavenRemote(new RemoteFiles(repo, layout, context), layout, context.metadata(),
                        context.blobs(), server));
            } else if (repo.type() == RepositoryType.LOCAL) {
                direct.put(repo.key(), new MavenLocal(repo, context, server));
            }
        }
        Map<String, RepositoryHandler> handlers = new LinkedHashMap<>(direct);
        for (RepositoryConfig repo : context.repositories()) {
            if (repo.type() == RepositoryType.VIRTUAL) {
                List<MavenRepository> members = new ArrayList<>();
                repo.members().forEach(key -> members.add(direct.get(key)));
                Optional<MavenLocal> deployTo = Optional.ofNullable(repo.deployTo()).map(key -> (MavenLocal) direct.get(key));
                handlers.put(repo.key(), new MavenVirtual(repo.key(), members, deployTo, server, repo.blocklist()));
            }
        }
        return Served.repositories(handlers);
    }
}
