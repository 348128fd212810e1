package dev.wharf.generic;

import dev.wharf.format.FileResponses;
import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.format.FileServer;
import dev.wharf.format.Found;
import dev.wharf.server.Exchange;
import dev.wharf.storage.Futures;
import dev.wharf.storage.meta.CachedEntry;
import dev.wharf.storage.meta.MetadataStore;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A generic virtual repository: its members searched in order, the first that has a file serves it (a member
 * that fails is skipped, and its failure answered only when no later member has the file); writes
 * ({@code PUT}, {@code DELETE}) go to {@code deployTo}; a directory listing merges the members' stored files,
 * the first member winning a name.
 */
final class GenericVirtual implements GenericRepository {
    private final String key;
    private final List<GenericRepository> members;
    private final Optional<GenericLocal> deployTo;
    private final MetadataStore metadata;
    private final FileServer server;

    GenericVirtual(String key, List<GenericRepository> members, Optional<GenericLocal> deployTo, MetadataStore metadata,
                   FileServer server) {
        this.key = key;
        this.members = List.copyOf(members);
        this.deployTo = deployTo;
        this.metadata = metadata;
        this.server = server;
    }

    @Override
    public String key() {
        return key;
    }

    /** The first member's find that is not absent; a failure goes on to the next member and is kept for the end. */
    @Override
    public CompletableFuture<Found> find(RepositoryPath path, boolean head) {
        return find(path, head, 0, null);
    }

    private CompletableFuture<Found> find(RepositoryPath path, boolean head, int index, Throwable firstFailure) {
        if (index >= members.size()) {
            return firstFailure != null ? CompletableFuture.failedFuture(firstFailure)
                    : CompletableFuture.completedFuture(new Found.Absent("no member of " + key + " has " + path.path()));
        }
        return members.get(index).find(path, head).handle((found, err) -> {
            if (err != null) {
                return find(path, head, index + 1, firstFailure != null ? firstFailure : Futures.unwrap(err));
            }
            if (found instanceof Found.Absent) {
                return find(path, head, index + 1, firstFailure);
            }
            return CompletableFuture.completedFuture(found);
        }).thenCompose(f -> f);
    }

    /** An entry belongs to the member whose key it carries. */
    @Override
    public CompletableFuture<Boolean> forget(CachedEntry entry) {
        return members.stream().filter(m -> m.key().equals(entry.repoKey())).findFirst()
                .map(m -> m.forget(entry)).orElse(CompletableFuture.completedFuture(false));
    }

    @Override
    public void handle(Exchange exchange, RepositoryPath path) {
        if (exchange.isRead()) {
            if (path.directory()) {
                list(exchange, path);
            } else {
                server.serve(exchange, () -> find(path, exchange.isHead()), this::forget);
            }
        } else if (exchange.method().equals(HttpMethod.PUT) || exchange.method().equals(HttpMethod.DELETE)) {
            if (deployTo.isPresent()) {
                deployTo.get().handle(exchange, path);
            } else {
                exchange.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "virtual repository " + key
                        + " has no deployTo: write to one of its local members instead");
            }
        } else {
            exchange.error(HttpResponseStatus.METHOD_NOT_ALLOWED, exchange.method() + " is not allowed (expected GET, HEAD, PUT or DELETE)");
        }
    }

    private void list(Exchange exchange, RepositoryPath path) {
        List<CompletableFuture<List<CachedEntry>>> parts = new ArrayList<>();
        for (GenericRepository member : members) {
            parts.add(metadata.listEntries(member.key(), path.path()));
        }
        CompletableFuture<List<CachedEntry>> all = CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenApply(v -> {
                    List<CachedEntry> merged = new ArrayList<>();
                    parts.forEach(p -> merged.addAll(p.join()));
                    return merged;
                });
        exchange.when(all, (entries, err) -> {
            if (err != null) {
                FileResponses.failure(exchange, new CompletionException(err), "the listing of " + path.path());
                return;
            }
            exchange.respond(HttpResponseStatus.OK, new DefaultHttpHeaders().set(HttpHeaderNames.CONTENT_TYPE,
                    "application/json; charset=utf-8"), Unpooled.wrappedBuffer(DirectoryListing.render(key, path.path(), entries)));
        });
    }
}
