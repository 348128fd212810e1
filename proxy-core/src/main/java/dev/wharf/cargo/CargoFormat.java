package dev.wharf.cargo;

import dev.wharf.config.RepositoryType;
import dev.wharf.format.FileResponses;
import dev.wharf.format.FileServer;
import dev.wharf.format.Format;
import dev.wharf.format.FormatContext;
import dev.wharf.format.RemoteFiles;
import dev.wharf.format.RepositoryWiring;
import dev.wharf.format.Served;

/**
 * Cargo registries under {@code /repository/<key>/}, on the sparse index protocol
 * ({@code sparse+http://HOST/repository/<key>/}): remotes cache a sparse index and its crates, locals take
 * {@code cargo publish} and yanks, virtuals merge index files.
 */
public final class CargoFormat implements Format {
    /** The format's id in the configuration. */
    public static final String ID = "cargo";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<? extends Record> options(RepositoryType type) {
        return CargoOptions.class;
    }

    @Override
    public Served serve(FormatContext context) {
        FileServer server = new FileServer(context, FileResponses.STYLE,
                (exchange, failure) -> FileResponses.failure(exchange, failure, exchange.path()));
        return RepositoryWiring.<CargoRepository, CargoLocal>serve(context.repositories(),
                repo -> {
                    CargoLayout layout = new CargoLayout(repo.url());
                    return new CargoRemote(new RemoteFiles(repo, layout, context), layout, server, context.blobs());
                },
                repo -> new CargoLocal(repo, context, server),
                (repo, members, deployTo) -> new CargoVirtual(repo.key(), members, deployTo, server));
    }
}
