package dev.wharf.docker;

import dev.wharf.codec.Digest;
import dev.wharf.codec.docker.ErrorCode;
import dev.wharf.codec.docker.ImageName;
import dev.wharf.codec.docker.Reference;
import dev.wharf.format.BlobRedirects;
import dev.wharf.format.ContentResponder;
import dev.wharf.server.CacheStatus;
import dev.wharf.server.Exchange;
import dev.wharf.storage.blob.BlobContent;
import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.meta.CachedEntry;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Blobs of Docker local repositories: a blob is served from an image only once it was pushed or mounted into it
 * (its link), or when it is one of the image's manifests, as distribution does; HEADs from metadata alone;
 * {@code DELETE} unlinks it from the image (the bytes go with garbage collection once nothing references them).
 */
final class LocalBlobService {
    private final BlobStore blobs;
    private final Executor fileExecutor;
    private final BlobRedirects redirects;

    LocalBlobService(BlobStore blobs, Executor fileExecutor, BlobRedirects redirects) {
        this.blobs = blobs;
        this.fileExecutor = fileExecutor;
        this.redirects = redirects;
    }

    /** The row that makes {@code digest} part of {@code name}: its link, else its manifest row; empty when neither. */
    static CompletableFuture<Optional<CachedEntry>> find(LocalDockerRepository repo, ImageName name, Digest digest) {
        return repo.blob(name, digest).thenCompose(link -> link.isPresent()
                ? CompletableFuture.completedFuture(link)
                : repo.manifest(name, new Reference.DigestRef(digest)));
    }

    void head(Exchange exchange, LocalDockerRepository repo, ImageName name, Digest digest) {
        exchange.when(find(repo, name, digest), (row, err) -> {
            if (err != null) {
                DockerResponses.failure(exchange, err, ErrorCode.BLOB_UNKNOWN, "blob " + digest);
            } else if (row.isEmpty()) {
                unknown(exchange, repo, name, digest);
            } else {
                exchange.cacheStatus(CacheStatus.HIT);
                exchange.respond(HttpResponseStatus.OK, BlobService.blobHeaders(digest, row.get().size(), null), Unpooled.EMPTY_BUFFER);
            }
        });
    }

    void get(Exchange exchange, LocalDockerRepository repo, ImageName name, Digest digest) {
        CompletableFuture<Optional<Stored>> lookup = find(repo, name, digest).thenCompose(row -> row.isEmpty()
                ? CompletableFuture.completedFuture(Optional.empty())
                : blobs.open(digest).thenApply(content -> content.map(c -> new Stored(row.get(), c))));
        exchange.when(lookup, (found, err) -> {
            if (err != null) {
                DockerResponses.failure(exchange, err, ErrorCode.BLOB_UNKNOWN, "blob " + digest);
            } else if (found.isEmpty()) {
                unknown(exchange, repo, name, digest);
            } else {
                exchange.cacheStatus(CacheStatus.HIT);
                CachedEntry row = found.get().row();
                // Served as a blob: the bytes' type, not a manifest's, whatever row linked it.
                CachedEntry asBlob = new CachedEntry(row.repoKey(), row.path(), row.digest(), row.size(), null, null, null,
                        row.fetchedAt(), row.lastAccess());
                ContentResponder.serve(exchange, asBlob, found.get().content(), BlobService.STYLE, fileExecutor, redirects);
            }
        });
    }

    private record Stored(CachedEntry row, BlobContent content) {
    }

    void delete(Exchange exchange, LocalDockerRepository repo, ImageName name, Digest digest) {
        exchange.when(repo.unlink(name, digest), (existed, err) -> {
            if (err != null) {
                DockerResponses.failure(exchange, err, ErrorCode.BLOB_UNKNOWN, "blob " + digest);
            } else if (!existed) {
                unknown(exchange, repo, name, digest);
            } else {
                exchange.respond(HttpResponseStatus.ACCEPTED, DockerResponses.headers(), Unpooled.EMPTY_BUFFER);
            }
        });
    }

    private static void unknown(Exchange exchange, LocalDockerRepository repo, ImageName name, Digest digest) {
        DockerResponses.error(exchange, ErrorCode.BLOB_UNKNOWN, "blob " + digest + " is not part of " + name
                + " in repository " + repo.key());
    }
}
