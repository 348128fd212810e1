package dev.wharf.npm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.codec.npm.PackageName;
import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.format.Found;
import dev.wharf.format.RepositoryHandler;
import dev.wharf.server.CacheStatus;
import dev.wharf.server.Exchange;
import dev.wharf.storage.meta.CachedEntry;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/** An npm repository as a virtual repository's member sees it: it serves, and it can be asked what it has. */
interface NpmRepository extends RepositoryHandler {
    /** {@code %2f} in a scoped name ({@code @scope%2fname}), either case. */
    Pattern ENCODED_SLASH = Pattern.compile("%2[fF]");

    /** Where npm audit asks about advisories. */
    String AUDIT = "-/npm/v1/security/";

    String key();

    /**
     * The packument of {@code name} with the tarball URLs as this repository knows them (the upstream's, or the
     * bare file names of a local), or empty when it has no such package.
     */
    CompletableFuture<Optional<Packument>> packument(PackageName name);

    /** The tarball {@code file} of {@code name} at {@code path}; for a HEAD, remotes describe uncached content. */
    CompletableFuture<Found> tarball(RepositoryPath path, PackageName name, String file, boolean head);

    /** Drops an entry whose blob has gone. */
    CompletableFuture<Boolean> forget(CachedEntry entry);

    /** Scoped names arrive as {@code @scope%2fname}: read as two segments, each checked like any other. */
    @Override
    default String rawPath(String rawPath) {
        return ENCODED_SLASH.matcher(rawPath).replaceAll("/");
    }

    /** npm audit POSTs its dependency tree to {@code -/npm/v1/security/...}: a question, not a write. */
    @Override
    default boolean reads(Exchange exchange, RepositoryPath path) {
        return exchange.isRead() || exchange.method().equals(HttpMethod.POST)
                && path.path().startsWith(AUDIT);
    }

    @Override
    default void error(Exchange exchange, HttpResponseStatus status,
                       String message) {
        NpmResponses.error(exchange, status, message);
    }

    /**
     * A packument; {@code warning} is the {@code Warning} to send when it is a stale copy served while the upstream
     * fails, else null; {@code status} how it was obtained, for the access log.
     */
    record Packument(ObjectNode document, String warning, CacheStatus status) {
    }
}
