package dev.wharf.pypi;

import dev.wharf.codec.pypi.ProjectPage;
import dev.wharf.codec.pypi.PypiPath;
import dev.wharf.format.Found;
import dev.wharf.storage.meta.CachedEntry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A PyPI repository as the handler and virtual repositories see it. Every repository lays its files out
 * alike ({@code packages/<project>/<filename>}), so the pages it gives link files relative to the page
 * ({@link PypiPath#fileUrl}) and read the same through any repository that serves them.
 */
interface PypiRepository {
    String key();

    /** The project's page, file URLs relative to it; empty when the repository has no such project. */
    CompletableFuture<Optional<Indexed<ProjectPage>>> page(String project);

    /** The names of the repository's projects. */
    CompletableFuture<Indexed<List<String>>> projects();

    /** A distribution file or its core metadata; for a HEAD, a remote describes uncached content instead of fetching it. */
    CompletableFuture<Found> file(PypiPath.File file, boolean head);

    /** Drops an entry whose blob has gone. */
    CompletableFuture<Boolean> forget(CachedEntry entry);
}
