package dev.wharf.maven;

import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.format.Found;
import dev.wharf.format.RepositoryHandler;
import dev.wharf.server.Exchange;
import dev.wharf.storage.meta.CachedEntry;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A Maven repository as a virtual repository's member sees it: it serves, and it can be asked what it has. */
interface MavenRepository extends RepositoryHandler {
    String key();

    /** Serves the file at {@code path} (not metadata) as this repository has it. */
    void serveFile(Exchange exchange, RepositoryPath path);

    /** What the repository has at the path of a file that is not metadata; for a HEAD, remotes describe uncached content. */
    CompletableFuture<Found> find(RepositoryPath path, boolean head);

    /** The {@code maven-metadata.xml} at {@code path} (its bytes as this repository serves them), or empty. */
    CompletableFuture<Optional<byte[]>> metadata(RepositoryPath path);

    /** Drops an entry whose blob has gone. */
    CompletableFuture<Boolean> forget(CachedEntry entry);
}
