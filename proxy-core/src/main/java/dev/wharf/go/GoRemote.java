package dev.wharf.go;

import dev.wharf.codec.go.ProxyRequest;
import dev.wharf.codec.go.SemVer;
import dev.wharf.codec.go.VersionList;
import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.format.FileServer;
import dev.wharf.format.Found;
import dev.wharf.format.FoundBytes;
import dev.wharf.format.PathKind;
import dev.wharf.format.RemoteFiles;
import dev.wharf.server.Exchange;
import dev.wharf.storage.Futures;
import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.meta.CachedEntry;
import dev.wharf.upstream.UpstreamStatusException;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * A Go module remote: a pull-through cache of a GOPROXY, read-only. Version files are cached for good, lists
 * and {@code @latest} under the freshness policy; {@code sumdb/<name>/...} reaches the configured checksum
 * database (cached too: full tiles for good, the rest as metadata), or answers 404 when none is configured.
 */
final class GoRemote implements GoRepository {
    /** The largest version list read into memory for a virtual's merge. */
    static final int MAX_LIST_BYTES = 4 << 20;
    private static final String SUMDB = "sumdb/";

    private final RemoteFiles files;
    private final FileServer server;
    private final BlobStore blobs;
    private final GoRemoteOptions options;

    GoRemote(RemoteFiles files, FileServer server, BlobStore blobs, GoRemoteOptions options) {
        this.files = files;
        this.server = server;
        this.blobs = blobs;
        this.options = options;
    }

    @Override
    public String key() {
        return files.key();
    }

    @Override
    public CompletableFuture<Found> find(RepositoryPath path, boolean head) {
        // GOPROXY servers say "no such module or version" with 404 or 410 alike.
        return files.find(path, head).exceptionallyCompose(failure -> Futures.unwrap(failure) instanceof UpstreamStatusException s
                && s.status() == 410 ? CompletableFuture.completedFuture(new Found.Absent("the upstream answered 410"))
                : CompletableFuture.failedFuture(failure));
    }

    @Override
    public CompletableFuture<Optional<TreeSet<SemVer>>> versions(ProxyRequest request) {
        RepositoryPath list = GoRequests.path(key(), ProxyRequest.versionDirectory(request.escapedModule()) + "list");
        return files.find(list, false).thenCompose(found -> FoundBytes.read(found, blobs, MAX_LIST_BYTES))
                .thenApply(bytes -> bytes.map(VersionList::parse));
    }

    @Override
    public CompletableFuture<Boolean> forget(CachedEntry entry) {
        return files.forget(entry);
    }

    @Override
    public void handle(Exchange exchange, RepositoryPath path) {
        if (!exchange.isRead()) {
            exchange.error(HttpResponseStatus.METHOD_NOT_ALLOWED, exchange.method() + " is not allowed: remote repository "
                    + key() + " is read-only");
            return;
        }
        if (files.isBlocked(path)) {
            exchange.error(HttpResponseStatus.FORBIDDEN, path.path() + " is blocked in repository " + key());
            return;
        }
        if (path.path().startsWith(SUMDB)) {
            sumdb(exchange, path);
            return;
        }
        if (GoRequests.parse(exchange, path).isPresent()) {
            server.serve(exchange, () -> find(path, exchange.isHead()), this::forget);
        }
    }

    private void sumdb(Exchange exchange, RepositoryPath path) {
        String rest = path.path().substring(SUMDB.length());
        int slash = rest.indexOf('/');
        String name = slash < 0 ? rest : rest.substring(0, slash);
        if (options.sumdb() == null || !name.equals(options.sumdbName()) || slash < 0) {
            exchange.error(HttpResponseStatus.NOT_FOUND, "repository " + key() + " proxies no checksum database "
                    + name + (options.sumdb() == null ? "" : " (it proxies " + options.sumdbName() + ")"));
            return;
        }
        String within = rest.substring(slash + 1);
        if (within.equals("supported")) {
            exchange.respond(HttpResponseStatus.OK, new DefaultHttpHeaders().set(HttpHeaderNames.CONTENT_TYPE,
                    "text/plain; charset=utf-8"), Unpooled.EMPTY_BUFFER);
            return;
        }
        String base = options.sumdb().toString();
        String rawWithin = path.raw().substring(path.raw().indexOf('/', SUMDB.length()) + 1);
        URI uri = URI.create((base.endsWith("/") ? base : base + "/") + rawWithin);
        // A full tile never changes; a partial tile (.p/), the latest note and lookups may.
        PathKind kind = within.startsWith("tile/") && !within.contains(".p/") ? PathKind.CONTENT : PathKind.METADATA;
        server.serve(exchange, () -> files.find(path, uri, kind, List.of(), exchange.isHead()), this::forget);
    }
}
