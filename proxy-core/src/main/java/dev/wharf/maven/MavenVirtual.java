package dev.wharf.maven;

import dev.wharf.codec.Glob;
import dev.wharf.codec.Printable;
import dev.wharf.codec.maven.MavenMetadata;
import dev.wharf.codec.maven.MavenMetadataXml;
import dev.wharf.codec.maven.MetadataMerge;
import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.format.FileServer;
import dev.wharf.format.Found;
import dev.wharf.server.Exchange;
import dev.wharf.storage.Futures;
import dev.wharf.storage.meta.CachedEntry;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Maven virtual repository: a file comes from the first member that has it (a member that fails is skipped,
 * its failure answered only when no later member has the file); {@code maven-metadata.xml} is the merge of every
 * member's ({@link MetadataMerge}: the union of versions, {@code latest}/{@code release} recomputed, the newest
 * {@code lastUpdated}), its checksums computed from the merged bytes; {@code mvn deploy} goes to {@code deployTo}.
 */
final class MavenVirtual implements MavenRepository {
    private static final Logger LOG = LoggerFactory.getLogger(MavenVirtual.class);

    private final String key;
    private final List<MavenRepository> members;
    private final Optional<MavenLocal> deployTo;
    private final FileServer server;
    private final List<Glob> blocklist;

    MavenVirtual(String key, List<MavenRepository> members, Optional<MavenLocal> deployTo, FileServer server,
                 List<String> blocklist) {
        this.key = key;
        this.members = List.copyOf(members);
        this.deployTo = deployTo;
        this.server = server;
        this.blocklist = blocklist.stream().map(Glob::new).toList();
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public void handle(Exchange exchange, RepositoryPath path) {
        if (blocklist.stream().anyMatch(glob -> glob.matches(path.path()))) {
            exchange.error(HttpResponseStatus.FORBIDDEN, path.path() + " is blocked in repository " + key);
        } else if (exchange.isRead()) {
            MavenLocal.read(exchange, path, this);
        } else if (exchange.method().equals(HttpMethod.PUT)) {
            if (deployTo.isPresent()) {
                deployTo.get().deploy(exchange, path);
            } else {
                exchange.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "virtual repository " + key
                        + " has no deployTo: deploy to one of its local members instead");
            }
        } else {
            exchange.error(HttpResponseStatus.METHOD_NOT_ALLOWED, exchange.method() + " is not allowed (expected GET, HEAD or PUT)");
        }
    }

    @Override
    public void serveFile(Exchange exchange, RepositoryPath path) {
        server.serve(exchange, () -> find(path, exchange.isHead()), this::forget);
    }

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

    /**
     * Every member's document merged; empty when no member has one. A member that fails or serves something that
     * is not metadata is left out (logged); only when every member failed is the first failure answered.
     */
    @Override
    public CompletableFuture<Optional<byte[]>> metadata(RepositoryPath path) {
        List<CompletableFuture<Optional<byte[]>>> asked = new ArrayList<>();
        for (MavenRepository member : members) {
            asked.add(member.metadata(path));
        }
        return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).handle((v, ignored) -> {
            List<MavenMetadata> documents = new ArrayList<>();
            Throwable failure = null;
            int failed = 0;
            for (int i = 0; i < asked.size(); i++) {
                CompletableFuture<Optional<byte[]>> one = asked.get(i);
                if (one.isCompletedExceptionally()) {
                    failed++;
                    Throwable cause = Futures.unwrap(one.handle((x, e) -> e).join());
                    failure = failure == null ? cause : failure;
                    LOG.warn("virtual repository {}: member {} failed for {}: {}", key, members.get(i).key(),
                            Printable.of(path.path()), cause.toString());
                    continue;
                }
                Optional<byte[]> body = one.join();
                if (body.isEmpty()) {
                    continue;
                }
                try {
                    documents.add(MavenMetadataXml.parse(body.get()));
                } catch (IllegalArgumentException e) {
                    LOG.warn("virtual repository {}: member {} serves an unreadable {}: {}", key, members.get(i).key(),
                            Printable.of(path.path()), e.getMessage());
                }
            }
            if (documents.isEmpty() && failed == asked.size() && failure != null) {
                throw new CompletionException(failure);
            }
            return documents.isEmpty() ? Optional.<byte[]>empty()
                    : Optional.of(MavenMetadataXml.render(MetadataMerge.merge(documents)));
        });
    }

    /** An entry belongs to the member whose key it carries. */
    @Override
    public CompletableFuture<Boolean> forget(CachedEntry entry) {
        return members.stream().filter(m -> m.key().equals(entry.repoKey())).findFirst()
                .map(m -> m.forget(entry)).orElse(CompletableFuture.completedFuture(false));
    }
}
