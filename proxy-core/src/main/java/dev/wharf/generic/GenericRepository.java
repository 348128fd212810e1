package dev.wharf.generic;

import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.format.Found;
import dev.wharf.format.RepositoryHandler;
import dev.wharf.storage.meta.CachedEntry;
import java.util.concurrent.CompletableFuture;

/** A generic repository as a virtual repository's member sees it: it serves, and it can be asked what it has. */
interface GenericRepository extends RepositoryHandler {
    String key();

    /** What the repository has at {@code path}; for a HEAD, remotes describe uncached content instead of fetching it. */
    CompletableFuture<Found> find(RepositoryPath path, boolean head);

    /** Drops an entry whose blob has gone. */
    CompletableFuture<Boolean> forget(CachedEntry entry);
}
