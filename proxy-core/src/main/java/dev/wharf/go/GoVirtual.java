package dev.wharf.go;

import dev.wharf.codec.go.ProxyRequest;
import dev.wharf.codec.go.ProxyRequest.Kind;
import dev.wharf.codec.go.SemVer;
import dev.wharf.codec.go.VersionList;
import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.format.FileResponses;
import dev.wharf.format.FileServer;
import dev.wharf.format.Found;
import dev.wharf.server.Exchange;
import dev.wharf.storage.Futures;
import dev.wharf.storage.meta.CachedEntry;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * A Go module virtual repository: {@code @v/list} is the union of its members' lists, {@code @latest} the info of
 * the highest merged version (or, when no member lists one, the first member's {@code @latest}), and a version's
 * files come from the first member that has them. A member that fails is skipped; its failure is answered only
 * when no other member has the answer. Publishing goes to {@code deployTo}.
 */
final class GoVirtual implements GoRepository {
    private final String key;
    private final List<GoRepository> members;
    private final Optional<GoLocal> deployTo;
    private final FileServer server;

    GoVirtual(String key, List<GoRepository> members, Optional<GoLocal> deployTo, FileServer server) {
        this.key = key;
        this.members = List.copyOf(members);
        this.deployTo = deployTo;
        this.server = server;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public CompletableFuture<Found> find(RepositoryPath path, boolean head) {
        Optional<ProxyRequest> request = ProxyRequest.parse(path.path());
        if (request.isPresent() && request.get().kind() == Kind.LATEST) {
            ProxyRequest latest = request.get();
            return versions(latest).thenCompose(versions -> {
                Optional<SemVer> highest = versions.flatMap(VersionList::latest);
                if (highest.isEmpty()) {
                    return first(path, head, 0, null);
                }
                ProxyRequest info = new ProxyRequest(latest.escapedModule(), latest.module(), Kind.INFO, highest.get());
                return first(GoRequests.path(key, info.versionFile(Kind.INFO)), head, 0, null);
            });
        }
        return first(path, head, 0, null);
    }

    private CompletableFuture<Found> first(RepositoryPath path, boolean head, int index, Throwable firstFailure) {
        if (index >= members.size()) {
            return firstFailure != null ? CompletableFuture.failedFuture(firstFailure)
                    : CompletableFuture.completedFuture(new Found.Absent("no member of " + key + " has " + path.path()));
        }
        return members.get(index).find(path, head).handle((found, err) -> {
            if (err != null) {
                return first(path, head, index + 1, firstFailure != null ? firstFailure : Futures.unwrap(err));
            }
            return found instanceof Found.Absent ? first(path, head, index + 1, firstFailure) : CompletableFuture.completedFuture(found);
        }).thenCompose(f -> f);
    }

    @Override
    public CompletableFuture<Optional<TreeSet<SemVer>>> versions(ProxyRequest request) {
        List<CompletableFuture<Optional<TreeSet<SemVer>>>> lists = new ArrayList<>();
        members.forEach(m -> lists.add(m.versions(request).exceptionally(failure -> null)));
        return CompletableFuture.allOf(lists.toArray(CompletableFuture[]::new)).thenCompose(v -> {
            TreeSet<SemVer> merged = new TreeSet<>();
            boolean known = false;
            boolean allFailed = true;
            for (CompletableFuture<Optional<TreeSet<SemVer>>> list : lists) {
                Optional<TreeSet<SemVer>> versions = list.join();
                if (versions != null) {
                    allFailed = false;
                    if (versions.isPresent()) {
                        known = true;
                        merged.addAll(versions.get());
                    }
                }
            }
            if (allFailed && !lists.isEmpty()) {
                // Every member failed: say why, with the first member's failure.
                return members.get(0).versions(request);
            }
            return CompletableFuture.completedFuture(known ? Optional.of(merged) : Optional.<TreeSet<SemVer>>empty());
        });
    }

    /** An entry belongs to the member whose key it carries. */
    @Override
    public CompletableFuture<Boolean> forget(CachedEntry entry) {
        return members.stream().filter(m -> m.key().equals(entry.repoKey())).findFirst()
                .map(m -> m.forget(entry)).orElse(CompletableFuture.completedFuture(false));
    }

    @Override
    public void handle(Exchange exchange, RepositoryPath path) {
        if (!exchange.isRead()) {
            if (exchange.method().equals(HttpMethod.PUT) && deployTo.isPresent()) {
                deployTo.get().handle(exchange, path);
            } else {
                exchange.error(HttpResponseStatus.METHOD_NOT_ALLOWED, exchange.method() + " is not allowed on virtual repository "
                        + key + (deployTo.isEmpty() ? " (it has no deployTo: publish to one of its local members)" : ""));
            }
            return;
        }
        Optional<ProxyRequest> request = GoRequests.parse(exchange, path);
        if (request.isEmpty()) {
            return;
        }
        if (request.get().kind() != Kind.LIST) {
            server.serve(exchange, () -> find(path, exchange.isHead()), this::forget);
            return;
        }
        exchange.when(versions(request.get()), (versions, err) -> {
            if (err != null) {
                FileResponses.failure(exchange, err, "the versions of " + request.get().module());
            } else if (versions.isEmpty()) {
                exchange.error(HttpResponseStatus.NOT_FOUND, "no member of " + key + " knows " + request.get().module());
            } else {
                exchange.respond(HttpResponseStatus.OK, new DefaultHttpHeaders().set(HttpHeaderNames.CONTENT_TYPE, GoLocal.MOD_TYPE),
                        Unpooled.wrappedBuffer(VersionList.render(versions.get())));
            }
        });
    }
}
