package dev.wharf.go;

import dev.wharf.codec.go.ProxyRequest;
import dev.wharf.codec.go.SemVer;
import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.format.Found;
import dev.wharf.format.RepositoryHandler;
import dev.wharf.storage.meta.CachedEntry;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/** A Go module repository as a virtual repository's member sees it: it serves, and it says what it has. */
interface GoRepository extends RepositoryHandler {
    String key();

    /** The file at {@code path} (a version's info, mod or zip, or the {@code @latest} document). */
    CompletableFuture<Found> find(RepositoryPath path, boolean head);

    /** The versions of {@code request}'s module; empty when the repository does not know the module. */
    CompletableFuture<Optional<TreeSet<SemVer>>> versions(ProxyRequest request);

    /** Drops an entry whose blob has gone. */
    CompletableFuture<Boolean> forget(CachedEntry entry);
}
