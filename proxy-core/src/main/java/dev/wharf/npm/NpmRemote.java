package dev.wharf.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.codec.ContentDigest;
import dev.wharf.codec.Digest;
import dev.wharf.codec.npm.Integrity;
import dev.wharf.codec.npm.NpmPathException;
import dev.wharf.codec.npm.NpmRequest;
import dev.wharf.codec.npm.PackageName;
import dev.wharf.codec.npm.Packuments;
import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.config.RepositoryConfig;
import dev.wharf.format.FormatContext;
import dev.wharf.format.Found;
import dev.wharf.format.PathKind;
import dev.wharf.format.RemoteFiles;
import dev.wharf.server.Exchange;
import dev.wharf.storage.meta.CachedEntry;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An npm remote: a pull-through cache of a registry. Packuments are metadata (cached as the upstream sent them,
 * fresh for {@code metadataTtl}, then revalidated with ETag / Last-Modified, served stale while the upstream
 * fails) read into memory up to {@code maxPackumentBytes} to be served rewritten; tarballs are content, fetched
 * from the packument's {@code dist.tarball} once and verified against its {@code integrity} / {@code shasum}.
 * Other registry endpoints ({@code npm audit}, search, ...) answer 404 at once; {@code /-/ping} answers 200.
 */
final class NpmRemote implements NpmRepository {
    private final RepositoryConfig config;
    private final RemoteFiles files;
    private final FormatContext context;
    private final NpmReads reads;
    private final int maxPackumentBytes;
    private final String base;

    NpmRemote(RepositoryConfig config, FormatContext context, NpmReads reads) {
        this.config = config;
        this.context = context;
        this.reads = reads;
        this.maxPackumentBytes = (int) config.options(NpmRemoteOptions.class).maxPackumentBytes();
        String url = config.url().toString();
        this.base = url.endsWith("/") ? url : url + "/";
        this.files = new RemoteFiles(config, new NpmRemoteLayout(base), context);
    }

    @Override
    public String key() {
        return config.key();
    }

    @Override
    public void handle(Exchange exchange, RepositoryPath path) {
        if (files.isBlocked(path)) {
            NpmResponses.error(exchange, HttpResponseStatus.FORBIDDEN, path.path() + " is blocked in repository " + key());
            return;
        }
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
        if (request instanceof NpmRequest.Endpoint endpoint) {
            reads.endpoint(exchange, endpoint, key());
            return;
        }
        NpmResponses.error(exchange, HttpResponseStatus.METHOD_NOT_ALLOWED, exchange.method()
                + " is not allowed: remote repository " + key() + " is read-only");
    }

    @Override
    public CompletableFuture<Optional<Packument>> packument(PackageName name) {
        RepositoryPath path = NpmReads.path(key(), name.toString());
        URI uri = URI.create(base + escaped(name));
        return files.find(path, uri, PathKind.METADATA, List.of(), false).thenCompose(found -> {
            if (found instanceof Found.Stored stored) {
                return read(name, stored.entry().digest(), stored.entry().size()).thenApply(doc -> Optional.of(
                        new Packument(doc, stored.warning(), stored.status())));
            }
            if (found instanceof Found.Filling filling) {
                return FillOutcome.of(filling.fill()).thenCompose(committed -> read(name, committed.digest(), committed.size()))
                        .thenApply(doc -> Optional.of(new Packument(doc, null, filling.status())));
            }
            return CompletableFuture.completedFuture(Optional.<Packument>empty());
        });
    }

    private CompletableFuture<ObjectNode> read(PackageName name, Digest digest, long size) {
        if (size > maxPackumentBytes) {
            return CompletableFuture.failedFuture(new PackumentTooLargeException(name.toString(), size, maxPackumentBytes, key()));
        }
        return Blobs.read(context.blobs(), digest, maxPackumentBytes, "the packument of " + name).thenApplyAsync(bytes -> {
            try {
                return Packuments.parse(bytes, "the upstream packument of " + name);
            } catch (NpmPathException e) {
                throw new UpstreamDocumentException(e.getMessage());
            }
        }, context.fileExecutor());
    }

    /** A cached tarball at once; else its URL and digests from the packument, fetched and verified once. */
    @Override
    public CompletableFuture<Found> tarball(RepositoryPath path, PackageName name, String file, boolean head) {
        return context.metadata().findEntry(key(), path.path()).thenCompose(entry -> {
            if (entry.isPresent()) {
                return files.find(path, URI.create(base + path.raw()), PathKind.CONTENT, List.of(), head);
            }
            return packument(name).thenCompose(packument -> {
                Optional<Map.Entry<String, JsonNode>> version = packument.flatMap(p -> Packuments.versionOfTarball(p.document(), file));
                if (version.isEmpty()) {
                    return CompletableFuture.completedFuture(new Found.Absent("no version of " + name + " has the tarball " + file));
                }
                JsonNode dist = version.get().getValue().path("dist");
                URI uri = URI.create(base).resolve(dist.path("tarball").asText());
                List<ContentDigest> digests = Integrity.of(dist);
                return files.find(path, uri, PathKind.CONTENT, digests, head);
            });
        });
    }

    @Override
    public CompletableFuture<Boolean> forget(CachedEntry entry) {
        return files.forget(entry);
    }

    /** The registry's form of a name in a URL: {@code @scope%2fname}. */
    private static String escaped(PackageName name) {
        return name.isScoped() ? "@" + name.scope() + "%2f" + name.bare() : name.bare();
    }
}
