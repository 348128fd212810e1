package dev.wharf.cargo;

import dev.wharf.codec.cargo.IndexEntry;
import dev.wharf.format.Found;
import dev.wharf.format.RepositoryHandler;
import dev.wharf.server.Exchange;
import dev.wharf.storage.meta.CachedEntry;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A Cargo repository as a virtual repository's member sees it: it serves, and it says what it has. */
interface CargoRepository extends RepositoryHandler {
    String key();

    /** The lines of a crate's index file; empty when the repository does not know the crate. */
    CompletableFuture<Optional<List<IndexEntry>>> index(String crate);

    /** The {@code .crate} file of one version. */
    CompletableFuture<Found> crate(String crate, String version, boolean head);

    /** Drops an entry whose blob has gone. */
    CompletableFuture<Boolean> forget(CachedEntry entry);

    @Override
    default void error(Exchange exchange, HttpResponseStatus status, String message) {
        CargoResponses.error(exchange, status, message);
    }
}
