package dev.wharf.maven;

import dev.wharf.config.RepositoryType;
import dev.wharf.format.FileResponses;
import dev.wharf.format.FileServer;
import dev.wharf.format.Format;
import dev.wharf.format.FormatContext;
import dev.wharf.format.RemoteFiles;
import dev.wharf.format.RepositoryWiring;
import dev.wharf.format.Served;

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
        return RepositoryWiring.<MavenRepository, MavenLocal>serve(context.repositories(),
                repo -> {
                    MavenLayout layout = new MavenLayout(repo.url());
                    return new MavenRemote(new RemoteFiles(repo, layout, context), layout, context.metadata(), context.blobs(),
                            server);
                },
                repo -> new MavenLocal(repo, context, server),
                (repo, members, deployTo) -> new MavenVirtual(repo.key(), members, deployTo, server, repo.blocklist()));
    }
}
