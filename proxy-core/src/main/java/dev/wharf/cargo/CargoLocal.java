package dev.wharf.cargo;

import dev.wharf.cache.UploadPump;
import dev.wharf.codec.Digest;
import dev.wharf.codec.cargo.CargoPath;
import dev.wharf.codec.cargo.IndexEntry;
import dev.wharf.codec.cargo.PublishMetadata;
import dev.wharf.codec.cargo.RegistryConfig;
import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.config.RepositoryConfig;
import dev.wharf.format.FileResponses;
import dev.wharf.format.FileServer;
import dev.wharf.format.FormatContext;
import dev.wharf.format.Found;
import dev.wharf.format.FoundBytes;
import dev.wharf.format.PublicUrls;
import dev.wharf.server.CacheStatus;
import dev.wharf.server.Exchange;
import dev.wharf.server.MalformedRequestBodyException;
import dev.wharf.storage.Futures;
import dev.wharf.storage.blob.BlobWriter;
import dev.wharf.storage.meta.CachedEntry;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A Cargo local repository: {@code cargo publish} streams the crate into the blob store and records the version's
 * index line (its sha256 as {@code cksum}) once the crate is stored; index files are computed from the recorded
 * lines; {@code cargo yank} / {@code --undo} rewrite a line; a published version is never replaced ({@code 409}).
 * Owners are Wharf's permissions, so the owner endpoints list nobody and change nothing.
 */
final class CargoLocal implements CargoRepository {
    private static final String LINES = "_index/";
    private static final String LINE_TYPE = "application/json";
    private static final String CRATE_TYPE = "application/gzip";

    private final RepositoryConfig config;
    private final FormatContext context;
    private final FileServer server;
    private final long maxUploadBytes;

    CargoLocal(RepositoryConfig config, FormatContext context, FileServer server) {
        this.config = config;
        this.context = context;
        this.server = server;
        this.maxUploadBytes = context.config().server().limits().maxUploadBytes();
    }

    @Override
    public String key() {
        return config.key();
    }

    @Override
    public CompletableFuture<Optional<List<IndexEntry>>> index(String crate) {
        return context.metadata().listEntries(config.key(), LINES + crate.toLowerCase(Locale.ROOT) + "/").thenCompose(entries -> {
            List<CompletableFuture<byte[]>> lines = new ArrayList<>();
            entries.forEach(e -> lines.add(FoundBytes.stored(e.digest(), context.blobs(), PublishMetadata.MAX_BYTES, e.path())));
            return CompletableFuture.allOf(lines.toArray(CompletableFuture[]::new)).thenApply(v -> {
                List<IndexEntry> parsed = new ArrayList<>();
                lines.forEach(l -> parsed.add(IndexEntry.parse(new String(l.join(), StandardCharsets.UTF_8))));
                return parsed.isEmpty() ? Optional.<List<IndexEntry>>empty() : Optional.of(parsed);
            });
        });
    }

    @Override
    public CompletableFuture<Found> crate(String crate, String version, boolean head) {
        String path = CargoPaths.download(crate, version);
        return context.metadata().findEntry(config.key(), path).thenApply(entry -> entry.<Found>map(
                e -> new Found.Stored(e, CacheStatus.HIT, null)).orElseGet(() -> new Found.Absent("no " + crate + " " + version)));
    }

    @Override
    public CompletableFuture<Boolean> forget(CachedEntry entry) {
        return context.metadata().deleteEntry(entry.repoKey(), entry.path());
    }

    @Override
    public void handle(Exchange exchange, RepositoryPath path) {
        Optional<CargoPath> request = CargoPaths.parse(exchange, path);
        if (request.isEmpty()) {
            return;
        }
        handle(exchange, request.get(), key());
    }

    /** Serves a request; {@code publicKey} is the repository clients address (this one, or a virtual deploying here). */
    void handle(Exchange exchange, CargoPath r, String publicKey) {
        HttpMethod method = exchange.method();
        switch (r.kind()) {
            case CONFIG -> CargoResponses.document(exchange, CargoResponses.JSON,
                    new RegistryConfig(CargoPaths.dl(exchange, publicKey), PublicUrls.repository(exchange, publicKey)).render(false));
            case INDEX -> exchange.when(index(r.crate()), (lines, err) -> {
                if (err != null) {
                    FileResponses.failure(exchange, err, "the index of " + r.crate());
                } else if (lines.isEmpty()) {
                    error(exchange, HttpResponseStatus.NOT_FOUND, "no crate " + r.crate() + " in repository " + key());
                } else {
                    CargoResponses.document(exchange, CargoResponses.INDEX, IndexEntry.render(lines.get()));
                }
            });
            case DOWNLOAD -> server.serve(exchange, () -> crate(r.crate(), r.version(), exchange.isHead()), this::forget);
            case PUBLISH -> {
                if (method.equals(HttpMethod.PUT)) {
                    publish(exchange);
                } else {
                    error(exchange, HttpResponseStatus.METHOD_NOT_ALLOWED, "publish with PUT");
                }
            }
            case YANK, UNYANK -> {
                if (method.equals(r.kind() == CargoPath.Kind.YANK ? HttpMethod.DELETE : HttpMethod.PUT)) {
                    yank(exchange, r, r.kind() == CargoPath.Kind.YANK);
                } else {
                    error(exchange, HttpResponseStatus.METHOD_NOT_ALLOWED, "yank with DELETE, unyank with PUT");
                }
            }
            case OWNERS -> {
                if (exchange.isRead()) {
                    exchange.respond(HttpResponseStatus.OK, new DefaultHttpHeaders(), CargoResponses.JSON, "{\"users\":[]}\n");
                } else {
                    CargoResponses.ok(exchange, "owners are not kept: who may publish " + r.crate()
                            + " is the write permission on repository " + key());
                }
            }
            default -> error(exchange, HttpResponseStatus.NOT_FOUND, "not found");
        }
    }

    private void publish(Exchange exchange) {
        long declared = exchange.declaredBodyLength();
        if (declared > maxUploadBytes) {
            error(exchange, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "the body of " + declared + " bytes is larger than "
                    + maxUploadBytes + " bytes (server.limits.maxUploadBytes)");
            return;
        }
        CompletableFuture<IndexEntry> published = PublishBody.read(exchange.requestBody(maxUploadBytes), PublishMetadata.MAX_BYTES)
                .thenCompose(parts -> {
                    PublishMetadata metadata;
                    try {
                        metadata = PublishMetadata.parse(parts.metadata());
                    } catch (IllegalArgumentException e) {
                        parts.crate().close();
                        throw e;
                    }
                    String linePath = linePath(metadata.name(), metadata.version());
                    return context.metadata().findEntry(config.key(), linePath).thenCompose(existing -> {
                        if (existing.isPresent()) {
                            parts.crate().close();
                            throw new VersionExistsException(metadata.name() + " " + metadata.version() + " is already published in "
                                    + key() + " (versions are never replaced; publish a new version)");
                        }
                        return storeCrate(parts, metadata, exchange.ctx().executor());
                    });
                });
        exchange.when(published, (entry, err) -> {
            if (err == null) {
                exchange.respond(HttpResponseStatus.OK, new DefaultHttpHeaders(), CargoResponses.JSON,
                        "{\"warnings\":{\"invalid_categories\":[],\"invalid_badges\":[],\"other\":[]}}\n");
                return;
            }
            Throwable cause = Futures.unwrap(err);
            if (cause instanceof VersionExistsException) {
                error(exchange, HttpResponseStatus.CONFLICT, cause.getMessage());
            } else if (cause instanceof IllegalArgumentException || cause instanceof MalformedRequestBodyException) {
                error(exchange, HttpResponseStatus.BAD_REQUEST, cause.getMessage());
            } else {
                FileResponses.failure(exchange, cause, "the published crate");
            }
        });
    }

    /** Streams the crate, then records its download entry and, last, its index line. */
    private CompletableFuture<IndexEntry> storeCrate(PublishBody.Parts parts, PublishMetadata metadata, Executor loop) {
        BlobWriter writer = context.blobs().writer();
        return UploadPump.copy(parts.crate(), writer, loop)
                .thenCompose(size -> {
                    if (size != parts.crateLength()) {
                        throw new MalformedRequestBodyException("the crate has " + size + " bytes, the body declared "
                                + parts.crateLength());
                    }
                    return writer.commit().thenCompose(digest -> record(CargoPaths.download(metadata.name(), metadata.version()),
                            digest, size, CRATE_TYPE).thenApply(e -> digest));
                })
                .whenComplete((d, e) -> {
                    if (e != null) {
                        writer.abort();
                    }
                })
                .thenCompose(digest -> {
                    IndexEntry entry = metadata.entry(digest);
                    return storeLine(entry).thenApply(e -> entry);
                });
    }

    private void yank(Exchange exchange, CargoPath r, boolean yank) {
        String path = linePath(r.crate(), r.version());
        CompletableFuture<Boolean> done = context.metadata().findEntry(config.key(), path).thenCompose(existing -> existing.isEmpty()
                ? CompletableFuture.completedFuture(false)
                : FoundBytes.stored(existing.get().digest(), context.blobs(), PublishMetadata.MAX_BYTES, path)
                        .thenCompose(bytes -> storeLine(IndexEntry.parse(new String(bytes, StandardCharsets.UTF_8))
                                .withYanked(yank)))
                        .thenApply(e -> true));
        exchange.when(done, (found, err) -> {
            if (err != null) {
                FileResponses.failure(exchange, err, r.crate() + " " + r.version());
            } else if (!found) {
                error(exchange, HttpResponseStatus.NOT_FOUND, "no " + r.crate() + " " + r.version() + " in repository " + key());
            } else {
                CargoResponses.ok(exchange, null);
            }
        });
    }

    private CompletableFuture<CachedEntry> storeLine(IndexEntry entry) {
        byte[] bytes = entry.line().getBytes(StandardCharsets.UTF_8);
        BlobWriter writer = context.blobs().writer();
        // The writer takes ownership of the wrapped buffer.
        return writer.write(Unpooled.wrappedBuffer(bytes)).thenCompose(v -> writer.commit())
                .whenComplete((d, e) -> {
                    if (e != null) {
                        writer.abort();
                    }
                })
                .thenCompose(digest -> record(linePath(entry.name(), entry.version()), digest, bytes.length, LINE_TYPE));
    }

    private CompletableFuture<CachedEntry> record(String path, Digest digest, long size, String type) {
        Instant now = context.clock().instant();
        CachedEntry entry = new CachedEntry(config.key(), path, "", digest, size, type, null, null, now, now);
        return context.metadata().putEntry(entry).thenApply(v -> entry);
    }

    private static String linePath(String crate, String version) {
        return LINES + crate.toLowerCase(Locale.ROOT) + "/" + version;
    }

    /** A publish of a version that exists. */
    private static final class VersionExistsException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        VersionExistsException(String message) {
            super(message);
        }
    }
}
