package dev.wharf.cargo;

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
        Map<String, CargoRepository> direct = new LinkedHashMap<>();
        for (RepositoryConfig repo : context.repositories()) {
            if (repo.type() == RepositoryType.REMOTE) {
                CargoLayout layout = new CargoLayout(repo.url());
                direct.put(repo.key(), new CargoRemote(new RemoteFiles(repo, layout, context), layout, server, context.blobs()));
            } else if (repo.type() == RepositoryType.LOCAL) {
                direct.put(repo.key(), new CargoLocal(repo, context, server));
            }
        }
        Map<String, RepositoryHandler> handlers = new LinkedHashMap<>(direct);
        for (RepositoryConfig repo : context.repositories()) {
            if (repo.type() == RepositoryType.VIRTUAL) {
                List<CargoRepository> members = new ArrayList<>();
                repo.members().forEach(key -> members.add(direct.get(key)));
                Optional<CargoLocal> deployTo = Optional.ofNullable(repo.deployTo()).map(key -> (CargoLocal) direct.get(key));
                handlers.put(repo.key(), new CargoVirtual(repo.key(), members, deployTo, server));
            }
        }
        return Served.repositories(handlers);
    }
}
