package dev.wharf.npm;

import dev.wharf.config.RepositoryType;
import dev.wharf.format.FileServer;
import dev.wharf.format.Format;
import dev.wharf.format.FormatContext;
import dev.wharf.format.RepositoryWiring;
import dev.wharf.format.Served;

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
        return RepositoryWiring.<NpmRepository, NpmLocal>serve(context.repositories(),
                repo -> new NpmRemote(repo, context, reads),
                repo -> new NpmLocal(repo, context, reads),
                (repo, members, deployTo) -> new NpmVirtual(repo.key(), members, deployTo.map(NpmRepository.class::cast), reads));
    }
}
