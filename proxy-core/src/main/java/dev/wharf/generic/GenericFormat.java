package dev.wharf.generic;

import dev.wharf.format.FileResponses;
import dev.wharf.config.RepositoryType;
import dev.wharf.format.FileServer;
import dev.wharf.format.Format;
import dev.wharf.format.FormatContext;
import dev.wharf.format.RemoteFiles;
import dev.wharf.format.RepositoryWiring;
import dev.wharf.format.Served;

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
        return RepositoryWiring.<GenericRepository, GenericLocal>serve(context.repositories(),
                repo -> new GenericRemote(new RemoteFiles(repo, new GenericLayout(repo.url(),
                        repo.options(GenericRemoteOptions.class).mutable()), context), server),
                repo -> new GenericLocal(repo, context, server),
                (repo, members, deployTo) -> new GenericVirtual(repo.key(), members, deployTo, context.metadata(), server));
    }
}
