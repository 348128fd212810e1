package dev.wharf.maven;

import dev.wharf.codec.Glob;
import dev.wharf.codec.maven.MavenChecksum;
import dev.wharf.codec.maven.MavenPath;
import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.config.RepositoryConfig;
import dev.wharf.format.FileServer;
import dev.wharf.format.FormatContext;
import dev.wharf.format.Found;
import dev.wharf.server.CacheStatus;
import dev.wharf.server.Exchange;
import dev.wharf.storage.meta.CachedEntry;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A Maven local repository: {@code mvn deploy} stores files with {@code PUT} ({@link MavenDeploy}); files are
 * read with {@code GET}/{@code HEAD} (ranges too), each with its {@code .sha1}, {@code .md5}, {@code .sha256}
 * and {@code .sha512} computed as it was stored; {@code maven-metadata.xml} and its checksums are computed on
 * demand from the stored versions ({@link LocalMetadata}).
 */
final class MavenLocal implements MavenRepository {
    private final RepositoryConfig config;
    private final FormatContext context;
    private final FileServer server;
    private final LocalMetadata documents;
    private final MavenDeploy deploy;
    private final List<Glob> blocklist;

    MavenLocal(RepositoryConfig config, FormatContext context, FileServer server) {
        this.config = config;
        this.context = context;
        this.server = server;
        this.documents = new LocalMetadata(config.key(), context.metadata(), context.blobs());
        this.deploy = new MavenDeploy(config, context);
        this.blocklist = config.blocklist().stream().map(Glob::new).toList();
    }

    @Override
    public String key() {
        return config.key();
    }

    @Override
    public void handle(Exchange exchange, RepositoryPath path) {
        if (blocklist.stream().anyMatch(glob -> glob.matches(path.path()))) {
            exchange.error(HttpResponseStatus.FORBIDDEN, path.path() + " is blocked in repository " + key());
        } else if (exchange.isRead()) {
            read(exchange, path, this);
        } else if (exchange.method().equals(HttpMethod.PUT)) {
            deploy.put(exchange, path);
        } else {
            exchange.error(HttpResponseStatus.METHOD_NOT_ALLOWED, exchange.method() + " is not allowed (expected GET, HEAD or PUT)");
        }
    }

    /** Reads from {@code repository} as Maven does: metadata (and its checksums) computed, other files as stored. */
    static void read(Exchange exchange, RepositoryPath path, MavenRepository repository) {
        if (path.directory()) {
            exchange.error(HttpResponseStatus.NOT_FOUND, "directory listings are not served: " + path.path());
            return;
        }
        MavenPath maven = MavenPath.parse(path.path());
        if (!maven.metadata()) {
            repository.serveFile(exchange, path);
            return;
        }
        RepositoryPath document = maven.isChecksum() ? SiblingPaths.withoutSuffix(path, "." + maven.checksum().id()) : path;
        exchange.when(repository.metadata(document), (body, err) -> {
            if (err != null) {
                MavenResponses.failure(exchange, err, document.path());
            } else if (body.isEmpty()) {
                exchange.error(HttpResponseStatus.NOT_FOUND, "no " + document.path() + " in repository " + repository.key());
            } else if (maven.isChecksum()) {
                MavenResponses.document(exchange, MavenChecksum.render(MavenChecksum.of(maven.checksum(), body.get())),
                        MavenResponses.TEXT);
            } else {
                MavenResponses.document(exchange, body.get(), MavenResponses.XML);
            }
        });
    }

    @Override
    public void serveFile(Exchange exchange, RepositoryPath path) {
        server.serve(exchange, () -> find(path, exchange.isHead()), this::forget);
    }

    @Override
    public CompletableFuture<Found> find(RepositoryPath path, boolean head) {
        return context.metadata().findEntry(config.key(), path.path()).thenApply(entry -> entry.<Found>map(
                e -> new Found.Stored(e, CacheStatus.HIT, null)).orElseGet(() -> new Found.Absent("no file " + path.path())));
    }

    @Override
    public CompletableFuture<Optional<byte[]>> metadata(RepositoryPath path) {
        return documents.document(path.path());
    }

    @Override
    public CompletableFuture<Boolean> forget(CachedEntry entry) {
        return context.metadata().deleteEntry(entry.repoKey(), entry.path());
    }

    /** Writes through a virtual repository land here. */
    void deploy(Exchange exchange, RepositoryPath path) {
        deploy.put(exchange, path);
    }
}
