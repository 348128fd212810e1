package dev.wharf.cargo;

import dev.wharf.codec.cargo.CargoPath;
import dev.wharf.codec.cargo.IndexEntry;
import dev.wharf.codec.cargo.RegistryConfig;
import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.format.FileResponses;
import dev.wharf.format.FileServer;
import dev.wharf.format.Found;
import dev.wharf.format.PublicUrls;
import dev.wharf.server.Exchange;
import dev.wharf.storage.Futures;
import dev.wharf.storage.meta.CachedEntry;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A Cargo virtual repository: a crate's index file merges its members' (every version, the first member that has
 * a version winning it), a download comes from the first member that has the version, and publish, yank and
 * owners go to {@code deployTo}. A member that fails is skipped; its failure is answered only when no other member
 * has the answer.
 */
final class CargoVirtual implements CargoRepository {
    private final String key;
    private final List<CargoRepository> members;
    private final Optional<CargoLocal> deployTo;
    private final FileServer server;

    CargoVirtual(String key, List<CargoRepository> members, Optional<CargoLocal> deployTo, FileServer server) {
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
    public CompletableFuture<Optional<List<IndexEntry>>> index(String crate) {
        List<CompletableFuture<Optional<List<IndexEntry>>>> files = new ArrayList<>();
        members.forEach(m -> files.add(m.index(crate).exceptionally(failure -> null)));
        return CompletableFuture.allOf(files.toArray(CompletableFuture[]::new)).thenCompose(v -> {
            List<List<IndexEntry>> known = new ArrayList<>();
            boolean answered = false;
            for (CompletableFuture<Optional<List<IndexEntry>>> file : files) {
                Optional<List<IndexEntry>> lines = file.join();
                if (lines != null) {
                    answered = true;
                    lines.ifPresent(known::add);
                }
            }
            if (!answered && !members.isEmpty()) {
                return members.get(0).index(crate);
            }
            return CompletableFuture.completedFuture(known.isEmpty() ? Optional.<List<IndexEntry>>empty()
                    : Optional.of(IndexEntry.merge(known)));
        });
    }

    @Override
    public CompletableFuture<Found> crate(String crate, String version, boolean head) {
        return first(crate, version, head, 0, null);
    }

    private CompletableFuture<Found> first(String crate, String version, boolean head, int index, Throwable firstFailure) {
        if (index >= members.size()) {
            return firstFailure != null ? CompletableFuture.failedFuture(firstFailure)
                    : CompletableFuture.completedFuture(new Found.Absent("no member of " + key + " has " + crate + " " + version));
        }
        return members.get(index).crate(crate, version, head).handle((found, err) -> {
            if (err != null) {
                return first(crate, version, head, index + 1, firstFailure != null ? firstFailure : Futures.unwrap(err));
            }
            return found instanceof Found.Absent ? first(crate, version, head, index + 1, firstFailure)
                    : CompletableFuture.completedFuture(found);
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
        Optional<CargoPath> request = CargoPaths.parse(exchange, path);
        if (request.isEmpty()) {
            return;
        }
        CargoPath r = request.get();
        switch (r.kind()) {
            case CONFIG -> CargoResponses.document(exchange, CargoResponses.JSON, new RegistryConfig(CargoPaths.dl(exchange, key),
                    deployTo.isPresent() ? PublicUrls.repository(exchange, key) : null).render(false));
            case INDEX -> exchange.when(index(r.crate()), (lines, err) -> {
                if (err != null) {
                    FileResponses.failure(exchange, err, "the index of " + r.crate());
                } else if (lines.isEmpty()) {
                    error(exchange, HttpResponseStatus.NOT_FOUND, "no member of " + key + " has crate " + r.crate());
                } else {
                    CargoResponses.document(exchange, CargoResponses.INDEX, IndexEntry.render(lines.get()));
                }
            });
            case DOWNLOAD -> server.serve(exchange, () -> crate(r.crate(), r.version(), exchange.isHead()), this::forget);
            default -> {
                if (deployTo.isPresent()) {
                    deployTo.get().handle(exchange, r, key);
                } else {
                    error(exchange, HttpResponseStatus.METHOD_NOT_ALLOWED, "virtual repository " + key
                            + " has no deployTo: publish to one of its local members");
                }
            }
        }
    }
}
