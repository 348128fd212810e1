package dev.wharf.go;

import dev.wharf.cache.Committed;
import dev.wharf.cache.UploadPump;
import dev.wharf.codec.JsonStrings;
import dev.wharf.codec.go.GoModFile;
import dev.wharf.codec.go.ModuleInfo;
import dev.wharf.codec.go.ModulePath;
import dev.wharf.codec.go.ModuleZip;
import dev.wharf.codec.go.ProxyRequest;
import dev.wharf.codec.go.ProxyRequest.Kind;
import dev.wharf.codec.go.SemVer;
import dev.wharf.codec.go.VersionList;
import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.config.RepositoryConfig;
import dev.wharf.format.FileResponses;
import dev.wharf.format.FileServer;
import dev.wharf.format.FormatContext;
import dev.wharf.format.Found;
import dev.wharf.format.FoundBytes;
import dev.wharf.server.CacheStatus;
import dev.wharf.server.Exchange;
import dev.wharf.storage.ByteSourceInputStream;
import dev.wharf.storage.ByteSources;
import dev.wharf.storage.Futures;
import dev.wharf.storage.blob.BlobContent;
import dev.wharf.storage.blob.BlobWriter;
import dev.wharf.storage.meta.CachedEntry;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * A Go module local repository. A version is published with a {@code PUT} of its {@code .zip} (streamed into the
 * blob store, then checked as the go command checks module zips), from which its {@code .mod} (the zip's go.mod,
 * else the one the go command assumes) and {@code .info} are derived unless they were put first; {@code .mod} and
 * {@code .info} may be put on their own and are checked against the module and version. A version is listed once
 * its zip is stored, and never replaced ({@code 409}). {@code @v/list} and {@code @latest} are computed from the
 * stored versions.
 */
final class GoLocal implements GoRepository {
    static final String ZIP_TYPE = "application/zip";
    static final String MOD_TYPE = "text/plain; charset=utf-8";
    static final String INFO_TYPE = "application/json";

    private final RepositoryConfig config;
    private final FormatContext context;
    private final FileServer server;
    private final long maxUploadBytes;

    GoLocal(RepositoryConfig config, FormatContext context, FileServer server) {
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
    public CompletableFuture<Found> find(RepositoryPath path, boolean head) {
        Optional<ProxyRequest> request = ProxyRequest.parse(path.path());
        if (request.isPresent() && request.get().kind() == Kind.LATEST) {
            return versions(request.get()).thenCompose(versions -> {
                Optional<SemVer> latest = versions.flatMap(VersionList::latest);
                if (latest.isEmpty()) {
                    return CompletableFuture.completedFuture(new Found.Absent("no version of " + request.get().module()));
                }
                ProxyRequest info = new ProxyRequest(request.get().escapedModule(), request.get().module(), Kind.INFO, latest.get());
                return stored(info.versionFile(Kind.INFO));
            });
        }
        return stored(path.path());
    }

    private CompletableFuture<Found> stored(String path) {
        return context.metadata().findEntry(config.key(), path).thenApply(entry -> entry.<Found>map(
                e -> new Found.Stored(e, CacheStatus.HIT, null)).orElseGet(() -> new Found.Absent("no file " + path)));
    }

    @Override
    public CompletableFuture<Optional<TreeSet<SemVer>>> versions(ProxyRequest request) {
        String directory = ProxyRequest.versionDirectory(request.escapedModule());
        return context.metadata().listEntries(config.key(), directory).thenApply(entries -> {
            TreeSet<SemVer> versions = new TreeSet<>();
            for (CachedEntry entry : entries) {
                String name = entry.path().substring(directory.length());
                if (name.endsWith(Kind.ZIP.extension()) && !name.contains("/")) {
                    try {
                        versions.add(SemVer.parse(ModulePath.unescape(name.substring(0, name.length() - Kind.ZIP.extension().length()))));
                    } catch (IllegalArgumentException ignored) {
                        // Not a version this repository wrote; nothing to list.
                    }
                }
            }
            return versions.isEmpty() ? Optional.<TreeSet<SemVer>>empty() : Optional.of(versions);
        });
    }

    @Override
    public CompletableFuture<Boolean> forget(CachedEntry entry) {
        return context.metadata().deleteEntry(entry.repoKey(), entry.path());
    }

    @Override
    public void handle(Exchange exchange, RepositoryPath path) {
        Optional<ProxyRequest> parsed = GoRequests.parse(exchange, path);
        if (parsed.isEmpty()) {
            return;
        }
        ProxyRequest request = parsed.get();
        if (exchange.isRead()) {
            if (request.kind() == Kind.LIST) {
                list(exchange, request);
            } else {
                server.serve(exchange, () -> find(path, exchange.isHead()), this::forget);
            }
        } else if (exchange.method().equals(HttpMethod.PUT) && request.version() != null) {
            put(exchange, request);
        } else {
            exchange.error(HttpResponseStatus.METHOD_NOT_ALLOWED, exchange.method() + " is not allowed on " + path.path()
                    + " (a version is published with PUT of <module>/@v/<version>.zip, .mod or .info)");
        }
    }

    private void list(Exchange exchange, ProxyRequest request) {
        exchange.when(versions(request), (versions, err) -> {
            if (err != null) {
                FileResponses.failure(exchange, err, "the versions of " + request.module());
            } else if (versions.isEmpty()) {
                exchange.error(HttpResponseStatus.NOT_FOUND, "no version of " + request.module() + " in repository " + key());
            } else {
                exchange.respond(HttpResponseStatus.OK, new DefaultHttpHeaders().set(HttpHeaderNames.CONTENT_TYPE, MOD_TYPE),
                        Unpooled.wrappedBuffer(VersionList.render(versions.get())));
            }
        });
    }

    private void put(Exchange exchange, ProxyRequest request) {
        try {
            ModulePath.checkMajor(request.module(), request.version());
        } catch (IllegalArgumentException e) {
            exchange.error(HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        long declared = exchange.declaredBodyLength();
        if (declared > maxUploadBytes) {
            exchange.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "the body of " + declared + " bytes is larger than "
                    + maxUploadBytes + " bytes (server.limits.maxUploadBytes)");
            return;
        }
        String path = request.versionFile(request.kind());
        exchange.when(context.metadata().findEntry(config.key(), path), (existing, err) -> {
            if (err != null) {
                FileResponses.failure(exchange, err, path);
            } else if (existing.isPresent()) {
                exchange.error(HttpResponseStatus.CONFLICT, request.module() + "@" + request.version() + " already has its "
                        + request.kind().extension() + " in repository " + key() + " (published versions are never replaced)");
            } else if (request.kind() == Kind.ZIP) {
                putZip(exchange, request);
            } else {
                putSmall(exchange, request);
            }
        });
    }

    /** Streams the zip into the store, checks it off the event loop, derives what is missing, and lists the version last. */
    private void putZip(Exchange exchange, ProxyRequest request) {
        BlobWriter writer = context.blobs().writer();
        CompletableFuture<CachedEntry> published = UploadPump.copy(exchange.requestBody(maxUploadBytes), writer,
                        exchange.ctx().executor())
                .thenCompose(size -> writer.commit().thenApply(digest -> new Committed(digest, size, ZIP_TYPE)))
                .whenComplete((blob, e) -> {
                    if (e != null) {
                        writer.abort();
                    }
                })
                .thenCompose(blob -> context.blobs().open(blob.digest())
                        .thenApplyAsync(content -> check(content.orElseThrow(), request), context.fileExecutor())
                        .thenCompose(goMod -> derive(request, goMod))
                        .thenCompose(v -> record(request.versionFile(Kind.ZIP), blob)));
        answer(exchange, request, published);
    }

    private static Optional<byte[]> check(BlobContent content, ProxyRequest request) {
        try (content; ByteSourceInputStream in = new ByteSourceInputStream(content.stream(0, content.size()))) {
            return ModuleZip.check(in, request.module(), request.version());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stores the version's .mod and .info unless they exist; an existing .mod must be the zip's own go.mod. */
    private CompletableFuture<Void> derive(ProxyRequest request, Optional<byte[]> zipGoMod) {
        byte[] goMod = zipGoMod.orElseGet(() -> GoModFile.synthesized(request.module()).getBytes(StandardCharsets.UTF_8));
        String modPath = request.versionFile(Kind.MOD);
        String infoPath = request.versionFile(Kind.INFO);
        CompletableFuture<Void> mod = context.metadata().findEntry(config.key(), modPath).thenCompose(existing -> existing.isEmpty()
                ? storeBytes(modPath, goMod, MOD_TYPE).thenApply(e -> null)
                : FoundBytes.stored(existing.get().digest(), context.blobs(), GoModFile.MAX_BYTES, modPath)
                        .thenAccept(bytes -> {
                            if (zipGoMod.isPresent() && !Arrays.equals(bytes, goMod)) {
                                throw new IllegalArgumentException("the zip's go.mod differs from the .mod published for "
                                        + request.module() + "@" + request.version());
                            }
                        }));
        return mod.thenCompose(v -> context.metadata().findEntry(config.key(), infoPath)).thenCompose(existing -> existing.isPresent()
                ? CompletableFuture.completedFuture(null)
                : storeBytes(infoPath, new ModuleInfo(request.version(), context.clock().instant()).render(), INFO_TYPE).thenApply(e -> null));
    }

    /** A .mod or .info put on its own: read whole (they are small), checked against the module and version. */
    private void putSmall(Exchange exchange, ProxyRequest request) {
        boolean mod = request.kind() == Kind.MOD;
        int limit = mod ? GoModFile.MAX_BYTES : ModuleInfo.MAX_BYTES;
        CompletableFuture<CachedEntry> stored = ByteSources.readAll(exchange.requestBody(limit), limit, request.kind().extension())
                .thenCompose(bytes -> {
                    if (mod) {
                        String declared = GoModFile.modulePath(new String(bytes, StandardCharsets.UTF_8)).orElse(null);
                        if (!request.module().equals(declared)) {
                            throw new IllegalArgumentException("go.mod declares module " + (declared == null ? "nothing" : declared)
                                    + ", not " + request.module());
                        }
                    } else if (!ModuleInfo.parse(bytes).version().equals(request.version())) {
                        throw new IllegalArgumentException("the info document's Version is not " + request.version());
                    }
                    return storeBytes(request.versionFile(request.kind()), bytes, mod ? MOD_TYPE : INFO_TYPE);
                });
        answer(exchange, request, stored);
    }

    private void answer(Exchange exchange, ProxyRequest request, CompletableFuture<CachedEntry> stored) {
        exchange.when(stored, (entry, err) -> {
            Throwable cause = err == null ? null : Futures.unwrap(err);
            if (cause instanceof UncheckedIOException io) {
                cause = io.getCause();
            }
            if (cause instanceof IllegalArgumentException bad) {
                exchange.error(HttpResponseStatus.BAD_REQUEST, request.module() + "@" + request.version() + ": " + bad.getMessage());
            } else if (cause != null) {
                FileResponses.failure(exchange, cause, request.versionFile(request.kind()));
            } else {
                exchange.respond(HttpResponseStatus.CREATED, new DefaultHttpHeaders().set(HttpHeaderNames.LOCATION,
                                RepositoryPath.PREFIX + key() + "/" + entry.path()), "application/json; charset=utf-8",
                        "{\"path\":" + JsonStrings.quote(entry.path()) + ",\"size\":" + entry.size()
                                + ",\"digest\":\"" + entry.digest() + "\"}\n");
            }
        });
    }

    private CompletableFuture<CachedEntry> storeBytes(String path, byte[] bytes, String type) {
        BlobWriter writer = context.blobs().writer();
        // The writer takes ownership of the wrapped buffer.
        return writer.write(Unpooled.wrappedBuffer(bytes)).thenCompose(v -> writer.commit())
                .whenComplete((d, e) -> {
                    if (e != null) {
                        writer.abort();
                    }
                })
                .thenCompose(digest -> record(path, new Committed(digest, bytes.length, type)));
    }

    private CompletableFuture<CachedEntry> record(String path, Committed blob) {
        Instant now = context.clock().instant();
        CachedEntry entry = new CachedEntry(config.key(), path, "", blob.digest(), blob.size(), blob.contentType(), null, null, now, now);
        return context.metadata().putEntry(entry).thenApply(v -> entry);
    }
}
