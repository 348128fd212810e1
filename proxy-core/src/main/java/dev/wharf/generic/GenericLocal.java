package dev.wharf.generic;

import dev.wharf.format.FileResponses;
import dev.wharf.cache.UploadPump;
import dev.wharf.codec.Digest;
import dev.wharf.codec.JsonStrings;
import dev.wharf.codec.http.HeaderValues;
import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.config.RepositoryConfig;
import dev.wharf.format.FileServer;
import dev.wharf.format.FormatContext;
import dev.wharf.format.Found;
import dev.wharf.server.CacheStatus;
import dev.wharf.server.ErrorResponses;
import dev.wharf.server.Exchange;
import dev.wharf.storage.Futures;
import dev.wharf.storage.ByteSource;
import dev.wharf.storage.blob.BlobWriter;
import dev.wharf.storage.blob.DigestMismatchException;
import dev.wharf.storage.meta.CachedEntry;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * A generic local repository: files stored with {@code PUT} (the body streamed into the blob store under
 * backpressure, never held whole; {@code 409} when the path exists unless {@code allowOverwrite}; a
 * {@code X-Checksum-Sha256} header, when sent, is verified), read with {@code GET}/{@code HEAD} (ranges too),
 * removed with {@code DELETE}; a path ending in {@code /} lists its directory as JSON.
 */
final class GenericLocal implements GenericRepository {
    private static final String CHECKSUM_HEADER = "X-Checksum-Sha256";

    private final RepositoryConfig config;
    private final boolean allowOverwrite;
    private final FormatContext context;
    private final FileServer server;
    private final long maxUploadBytes;

    GenericLocal(RepositoryConfig config, FormatContext context, FileServer server) {
        this.config = config;
        this.allowOverwrite = config.options(GenericLocalOptions.class).allowOverwrite();
        this.context = context;
        this.server = server;
        this.maxUploadBytes = context.config().server().limits().maxUploadBytes();
    }

    @Override
    public String key() {
        return config.key();
    }

    @Override
    public CompletableFuture<Found> find(RepositoryPath path, boolean head) {
        return context.metadata().findEntry(config.key(), path.path()).thenApply(entry -> entry.<Found>map(
                e -> new Found.Stored(e, CacheStatus.HIT, null)).orElseGet(() -> new Found.Absent("no file " + path.path())));
    }

    @Override
    public CompletableFuture<Boolean> forget(CachedEntry entry) {
        return context.metadata().deleteEntry(entry.repoKey(), entry.path());
    }

    @Override
    public void handle(Exchange exchange, RepositoryPath path) {
        if (exchange.isRead()) {
            if (path.directory()) {
                list(exchange, path);
            } else {
                server.serve(exchange, () -> find(path, exchange.isHead()), this::forget);
            }
        } else if (exchange.method().equals(HttpMethod.PUT)) {
            put(exchange, path);
        } else if (exchange.method().equals(HttpMethod.DELETE)) {
            delete(exchange, path);
        } else {
            exchange.error(HttpResponseStatus.METHOD_NOT_ALLOWED, exchange.method() + " is not allowed (expected GET, HEAD, PUT or DELETE)");
        }
    }

    /** The JSON listing of a directory's immediate children. */
    void list(Exchange exchange, RepositoryPath path) {
        exchange.when(context.metadata().listEntries(config.key(), path.path()), (entries, err) -> {
            if (err != null) {
                FileResponses.failure(exchange, err, "the listing of " + path.path());
                return;
            }
            byte[] body = DirectoryListing.render(config.key(), path.path(), entries);
            exchange.respond(HttpResponseStatus.OK, new DefaultHttpHeaders().set(HttpHeaderNames.CONTENT_TYPE,
                    "application/json; charset=utf-8"), Unpooled.wrappedBuffer(body));
        });
    }

    void put(Exchange exchange, RepositoryPath path) {
        if (path.directory()) {
            exchange.error(HttpResponseStatus.BAD_REQUEST, "cannot PUT a directory (the path ends with '/')");
            return;
        }
        long declared = exchange.declaredBodyLength();
        if (declared > maxUploadBytes) {
            exchange.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "the body of " + declared + " bytes is larger than "
                    + maxUploadBytes + " bytes (server.limits.maxUploadBytes)");
            return;
        }
        String checksum = exchange.requestHeaders().get(CHECKSUM_HEADER);
        Digest expected;
        try {
            expected = checksum == null ? null : new Digest(checksum.strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            exchange.error(HttpResponseStatus.BAD_REQUEST, CHECKSUM_HEADER + ": " + e.getMessage());
            return;
        }
        exchange.when(context.metadata().findEntry(config.key(), path.path()), (existing, err) -> {
            if (err != null) {
                FileResponses.failure(exchange, err, path.path());
            } else if (existing.isPresent() && !allowOverwrite) {
                conflict(exchange, path);
            } else {
                store(exchange, path, expected);
            }
        });
    }

    private void store(Exchange exchange, RepositoryPath path, Digest expected) {
        ByteSource body = exchange.requestBody(maxUploadBytes);
        BlobWriter writer = context.blobs().writer();
        String type = HeaderValues.safeOr(exchange.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE),
                CachedEntry.MAX_MEDIA_TYPE_LENGTH, "application/octet-stream");
        CompletableFuture<CachedEntry> stored = UploadPump.copy(body, writer, exchange.ctx().executor())
                .thenCompose(size -> (expected == null ? writer.commit() : writer.commit(expected)).thenCompose(digest -> {
                    Instant now = context.clock().instant();
                    CachedEntry entry = new CachedEntry(config.key(), path.path(), "", digest, size, type, null, null, now, now);
                    return context.metadata().putEntry(entry).thenApply(v -> entry);
                }))
                .whenComplete((entry, e) -> {
                    if (e != null) {
                        writer.abort();
                    }
                });
        exchange.when(stored, (entry, err) -> {
            if (err != null) {
                if (Futures.unwrap(err) instanceof DigestMismatchException mismatch) {
                    exchange.error(HttpResponseStatus.BAD_REQUEST, "the body does not match its " + CHECKSUM_HEADER + ": "
                            + mismatch.getMessage());
                } else {
                    FileResponses.failure(exchange, err, path.path());
                }
                return;
            }
            HttpHeaders headers = new DefaultHttpHeaders();
            headers.set(HttpHeaderNames.LOCATION, RepositoryPath.PREFIX + config.key() + "/" + path.raw());
            exchange.respond(HttpResponseStatus.CREATED, headers, "application/json; charset=utf-8",
                    "{\"path\":" + JsonStrings.quote(entry.path()) + ",\"size\":" + entry.size()
                            + ",\"digest\":\"" + entry.digest() + "\"}\n");
        });
    }

    private void conflict(Exchange exchange, RepositoryPath path) {
        ErrorResponses.json(exchange, HttpResponseStatus.CONFLICT, path.path() + " exists in repository " + config.key()
                + " (files are not overwritten unless the repository sets allowOverwrite: true)");
    }

    void delete(Exchange exchange, RepositoryPath path) {
        exchange.when(context.metadata().deleteEntry(config.key(), path.path()), (existed, err) -> {
            if (err != null) {
                FileResponses.failure(exchange, err, path.path());
            } else if (existed) {
                exchange.respond(HttpResponseStatus.NO_CONTENT, new DefaultHttpHeaders(), Unpooled.EMPTY_BUFFER);
            } else {
                exchange.error(HttpResponseStatus.NOT_FOUND, "no file " + path.path());
            }
        });
    }
}
