package dev.wharf.go;

import dev.wharf.config.RepositoryType;
import dev.wharf.format.FileResponses;
import dev.wharf.format.FileServer;
import dev.wharf.format.Format;
import dev.wharf.format.FormatContext;
import dev.wharf.format.RemoteFiles;
import dev.wharf.format.RepositoryWiring;
import dev.wharf.format.Served;

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
        return RepositoryWiring.<GoRepository, GoLocal>serve(context.repositories(),
                repo -> new GoRemote(new RemoteFiles(repo, new GoLayout(repo.url()), context), server, context.blobs(),
                        repo.options(GoRemoteOptions.class)),
                repo -> new GoLocal(repo, context, server),
                (repo, members, deployTo) -> new GoVirtual(repo.key(), members, deployTo, server));
    }
}
