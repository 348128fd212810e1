package dev.wharf.npm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.codec.npm.NpmPathException;
import dev.wharf.codec.npm.NpmRequest;
import dev.wharf.codec.npm.PackageName;
import dev.wharf.codec.npm.Packuments;
import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.format.Found;
import dev.wharf.server.CacheStatus;
import dev.wharf.server.Exchange;
import dev.wharf.storage.Futures;
import dev.wharf.storage.meta.CachedEntry;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * An npm virtual repository: the packument merges its members' (versions from every member, the first member
 * that has a version winning it; dist-tags from the first member that has any), a tarball comes from the first
 * member that has it; a member that fails is skipped while another has the package, and its failure answered only
 * when none has. Writes ({@code npm publish}, dist-tags, ...) go to {@code deployTo}.
 */
final class NpmVirtual implements NpmRepository {
    private final String key;
    private final List<NpmRepository> members;
    private final Optional<NpmRepository> deployTo;
    private final NpmReads reads;

    NpmVirtual(String key, List<NpmRepository> members, Optional<NpmRepository> deployTo, NpmReads reads) {
        this.key = key;
        this.members = List.copyOf(members);
        this.deployTo = deployTo;
        this.reads = reads;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public void handle(Exchange exchange, RepositoryPath path) {
        NpmRequest request;
        try {
            request = reads.parse(path);
        } catch (NpmPathException e) {
            NpmResponses.error(exchange, HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        if (exchange.isRead() && reads.serve(exchange, path, request, this)) {
            return;
        }
        if (request instanceof NpmRequest.Endpoint endpoint && exchange.isRead()) {
            reads.endpoint(exchange, endpoint, key);
        } else if (deployTo.isPresent()) {
            deployTo.get().handle(exchange, path);
        } else {
            NpmResponses.error(exchange, HttpResponseStatus.METHOD_NOT_ALLOWED, "virtual repository " + key
                    + " has no deployTo: write to one of its local members instead");
        }
    }

    @Override
    public CompletableFuture<Optional<Packument>> packument(PackageName name) {
        List<CompletableFuture<Optional<Packument>>> asked = new ArrayList<>();
        for (NpmRepository member : members) {
            asked.add(member.packument(name));
        }
        return CompletableFuture.allOf(asked.stream().map(f -> f.handle((v, e) -> null)).toArray(CompletableFuture[]::new))
                .thenApply(v -> {
                    List<ObjectNode> found = new ArrayList<>();
                    Throwable failure = null;
                    String warning = null;
                    CacheStatus status = null;
                    for (CompletableFuture<Optional<Packument>> answer : asked) {
                        if (answer.isCompletedExceptionally()) {
                            failure = failure != null ? failure : Futures.unwrap(answer.handle((x, e) -> e).join());
                            continue;
                        }
                        Optional<Packument> packument = answer.join();
                        if (packument.isPresent()) {
                            found.add(packument.get().document());
                            warning = warning != null ? warning : packument.get().warning();
                            status = status != null ? status : packument.get().status();
                        }
                    }
                    if (found.isEmpty()) {
                        if (failure != null) {
                            throw new CompletionException(failure);
                        }
                        return Optional.<Packument>empty();
                    }
                    return Optional.of(new Packument(Packuments.merge(found), warning, status));
                });
    }

    @Override
    public CompletableFuture<Found> tarball(RepositoryPath path, PackageName name, String file, boolean head) {
        return tarball(path, name, file, head, 0, null);
    }

    private CompletableFuture<Found> tarball(RepositoryPath path, PackageName name, String file, boolean head, int index,
                                             Throwable firstFailure) {
        if (index >= members.size()) {
            return firstFailure != null ? CompletableFuture.failedFuture(firstFailure)
                    : CompletableFuture.completedFuture(new Found.Absent("no member of " + key + " has " + path.path()));
        }
        RepositoryPath own = new RepositoryPath(members.get(index).key(), path.segments(), path.directory(), path.raw());
        return members.get(index).tarball(own, name, file, head).handle((found, err) -> {
            if (err != null) {
                return tarball(path, name, file, head, index + 1, firstFailure != null ? firstFailure : Futures.unwrap(err));
            }
            if (found instanceof Found.Absent) {
                return tarball(path, name, file, head, index + 1, firstFailure);
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
}
