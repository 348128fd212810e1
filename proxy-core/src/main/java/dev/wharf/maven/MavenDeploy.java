package dev.wharf.maven;

import dev.wharf.format.FoundBytes;
import dev.wharf.cache.UploadPump;
import dev.wharf.codec.ContentDigest;
import dev.wharf.codec.Digest;
import dev.wharf.codec.JsonStrings;
import dev.wharf.codec.maven.MavenChecksum;
import dev.wharf.codec.maven.MavenMetadataXml;
import dev.wharf.codec.maven.MavenPath;
import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.config.RepositoryConfig;
import dev.wharf.format.FormatContext;
import dev.wharf.server.ErrorResponses;
import dev.wharf.server.Exchange;
import dev.wharf.storage.ByteSource;
import dev.wharf.storage.ByteSources;
import dev.wharf.storage.Futures;
import dev.wharf.storage.TooLargeException;
import dev.wharf.storage.blob.BlobWriter;
import dev.wharf.storage.blob.DigestMismatchException;
import dev.wharf.storage.meta.CachedEntry;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code mvn deploy} into a local repository: every {@code PUT} of a file (artifact, POM, signature) is streamed
 * into the blob store, hashed on the way with every checksum Maven knows, and stored with those checksums as
 * files beside it; a release file already stored answers {@code 409} unless the repository sets
 * {@code allowRedeploy}. A checksum sent as {@code X-Checksum-Sha1} (and the other algorithms) is verified before
 * anything is stored. A checksum file {@code PUT} after its file is compared with the stored file's checksum
 * ({@code 400} on a mismatch) and kept as computed; one without its file is stored as sent, and the file, when it
 * comes, must match it. A
 * {@code maven-metadata.xml} is checked to be one and stored as deployed (it is served computed, see
 * {@link LocalMetadata}, except where nothing can be computed).
 */
final class MavenDeploy {
    /** What the request body is hashed with beside the blob store's sha256. */
    private static final List<ContentDigest.Algorithm> HASHED = List.of(ContentDigest.Algorithm.SHA1,
            ContentDigest.Algorithm.MD5, ContentDigest.Algorithm.SHA512);
    private static final Map<String, ContentDigest.Algorithm> HEADERS = new LinkedHashMap<>();

    static {
        for (ContentDigest.Algorithm a : ContentDigest.Algorithm.values()) {
            HEADERS.put("X-Checksum-" + a.id().substring(0, 1).toUpperCase(Locale.ROOT) + a.id().substring(1), a);
        }
    }

    private final RepositoryConfig config;
    private final boolean allowRedeploy;
    private final FormatContext context;
    private final long maxUploadBytes;

    MavenDeploy(RepositoryConfig config, FormatContext context) {
        this.config = config;
        this.allowRedeploy = config.options(MavenLocalOptions.class).allowRedeploy();
        this.context = context;
        this.maxUploadBytes = context.config().server().limits().maxUploadBytes();
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
        MavenPath maven = MavenPath.parse(path.path());
        if (maven.isChecksum()) {
            checksum(exchange, path, maven);
        } else if (maven.metadata()) {
            metadata(exchange, path);
        } else {
            file(exchange, path, maven);
        }
    }

    private void file(Exchange exchange, RepositoryPath path, MavenPath maven) {
        Map<ContentDigest.Algorithm, ContentDigest> sent = new EnumMap<>(ContentDigest.Algorithm.class);
        for (Map.Entry<String, ContentDigest.Algorithm> header : HEADERS.entrySet()) {
            String value = exchange.requestHeaders().get(header.getKey());
            if (value != null) {
                try {
                    sent.put(header.getValue(), new ContentDigest(header.getValue(), value.strip()));
                } catch (IllegalArgumentException e) {
                    exchange.error(HttpResponseStatus.BAD_REQUEST, header.getKey() + ": " + e.getMessage());
                    return;
                }
            }
        }
        // One listing tells whether the file exists and which checksums were deployed before it.
        exchange.when(context.metadata().listEntries(config.key(), path.path()), (entries, err) -> {
            if (err != null) {
                MavenResponses.failure(exchange, err, path.path());
                return;
            }
            boolean exists = entries.stream().anyMatch(e -> e.variant().isEmpty() && e.path().equals(path.path()));
            if (exists && !maven.snapshot() && !allowRedeploy) {
                ErrorResponses.json(exchange, HttpResponseStatus.CONFLICT, path.path() + " is a release file stored in"
                        + " repository " + config.key() + " already; releases are not redeployed unless the repository"
                        + " sets allowRedeploy: true");
                return;
            }
            // Without the file, a checksum entry can only be one deployed ahead of it, as sent.
            List<CachedEntry> sentAhead = exists ? List.of() : entries.stream()
                    .filter(e -> e.variant().isEmpty() && MavenPath.checksumAlgorithm(e.path())
                            .filter(a -> e.path().equals(MavenPath.checksumPath(path.path(), a))).isPresent())
                    .toList();
            stream(exchange, path, sent, sentAhead);
        });
    }

    /**
     * Streams the body into the blob store, verifying the checksums sent in headers and those deployed ahead of it
     * ({@code sentAhead}) before committing.
     */
    private void stream(Exchange exchange, RepositoryPath path, Map<ContentDigest.Algorithm, ContentDigest> sent,
                        List<CachedEntry> sentAhead) {
        DigestingSource body = new DigestingSource(exchange.requestBody(maxUploadBytes), HASHED, context.fileExecutor());
        BlobWriter writer = context.blobs().writer();
        CompletableFuture<Long> stored = UploadPump.copy(body, writer, exchange.ctx().executor())
                .thenCombine(deployedAhead(sentAhead), (size, ahead) -> {
                    ahead.forEach(d -> sent.putIfAbsent(d.algorithm(), d));
                    return size;
                })
                .thenCompose(size -> verifyAndCommit(path, body.digests(), sent, writer, size))
                .whenComplete((size, e) -> {
                    if (e != null) {
                        writer.abort();
                    }
                });
        answer(exchange, path, stored);
    }

    /** Checks the body's digests against those {@code sent}, then commits it and records it with its checksums. */
    private CompletableFuture<Long> verifyAndCommit(RepositoryPath path, Map<ContentDigest.Algorithm, ContentDigest> digests,
                                                    Map<ContentDigest.Algorithm, ContentDigest> sent, BlobWriter writer,
                                                    long size) {
        for (ContentDigest expected : sent.values()) {
            ContentDigest actual = digests.get(expected.algorithm());
            if (actual != null && !actual.equals(expected)) {
                throw new ChecksumMismatchException("the body of " + path.path() + " does not match the "
                        + expected.algorithm().id() + " checksum sent for it: sent " + expected.hex() + ", received " + actual.hex());
            }
        }
        ContentDigest sha256 = sent.get(ContentDigest.Algorithm.SHA256);
        CompletableFuture<Digest> committed = sha256 == null ? writer.commit() : writer.commit(sha256.toDigest());
        return committed.thenCompose(digest -> {
            digests.put(ContentDigest.Algorithm.SHA256, ContentDigest.of(digest));
            return record(path.path(), digest, size, digests).thenApply(v -> size);
        });
    }

    /** The digests in checksum files deployed ahead of their file (unreadable ones are left out). */
    private CompletableFuture<List<ContentDigest>> deployedAhead(List<CachedEntry> entries) {
        List<CompletableFuture<Optional<ContentDigest>>> read = new ArrayList<>();
        for (CachedEntry entry : entries) {
            ContentDigest.Algorithm algorithm = MavenPath.checksumAlgorithm(entry.path()).orElseThrow();
            read.add(FoundBytes.stored(entry.digest(), context.blobs(), MavenChecksum.MAX_BYTES, entry.path())
                    .thenApply(body -> MavenChecksum.parse(algorithm, body)));
        }
        return CompletableFuture.allOf(read.toArray(CompletableFuture[]::new))
                .thenApply(v -> read.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList());
    }

    private void metadata(Exchange exchange, RepositoryPath path) {
        CompletableFuture<Long> stored = ByteSources.readAll(exchange.requestBody(MavenMetadataXml.MAX_BYTES),
                MavenMetadataXml.MAX_BYTES, path.path()).thenCompose(body -> {
                    try {
                        MavenMetadataXml.parse(body);
                    } catch (IllegalArgumentException e) {
                        throw new InvalidUpload(e.getMessage());
                    }
                    return storeBytes(path.path(), body);
                });
        answer(exchange, path, stored);
    }

    private void checksum(Exchange exchange, RepositoryPath path, MavenPath maven) {
        ContentDigest.Algorithm algorithm = maven.checksum();
        CompletableFuture<Long> stored = ByteSources.readAll(exchange.requestBody(MavenChecksum.MAX_BYTES),
                MavenChecksum.MAX_BYTES, path.path()).thenCompose(body -> {
                    ContentDigest sent;
                    try {
                        sent = MavenChecksum.require(algorithm, body);
                    } catch (IllegalArgumentException e) {
                        throw new InvalidUpload(path.path() + ": " + e.getMessage());
                    }
                    return context.metadata().findEntry(config.key(), maven.base()).thenCompose(file -> file.isEmpty()
                            ? storeBytes(path.path(), MavenChecksum.render(sent))
                            : compare(path.path(), maven.base(), sent));
                });
        answer(exchange, path, stored);
    }

    /** A checksum sent for a stored file: equal to the one computed when it was stored, or refused. */
    private CompletableFuture<Long> compare(String path, String file, ContentDigest sent) {
        return context.metadata().findEntry(config.key(), path).thenCompose(computed -> {
            if (computed.isEmpty()) {
                return storeBytes(path, MavenChecksum.render(sent));
            }
            return FoundBytes.stored(computed.get().digest(), context.blobs(), MavenChecksum.MAX_BYTES, path).thenApply(body -> {
                Optional<ContentDigest> ours = MavenChecksum.parse(sent.algorithm(), body);
                if (ours.isPresent() && !ours.get().equals(sent)) {
                    throw new ChecksumMismatchException("the " + sent.algorithm().id() + " checksum sent for " + file + " ("
                            + sent.hex() + ") does not match the stored file (" + ours.get().hex() + ")");
                }
                return computed.get().size();
            });
        });
    }

    /** Stores a small body held in memory, with its checksums. */
    private CompletableFuture<Long> storeBytes(String path, byte[] body) {
        Map<ContentDigest.Algorithm, ContentDigest> digests = new EnumMap<>(ContentDigest.Algorithm.class);
        boolean isChecksum = MavenPath.checksumAlgorithm(path).isPresent();
        if (!isChecksum) {
            for (ContentDigest.Algorithm a : ContentDigest.Algorithm.values()) {
                digests.put(a, MavenChecksum.of(a, body));
            }
        }
        return small(body).thenCompose(digest -> record(path, digest, body.length, digests)).thenApply(v -> (long) body.length);
    }

    /** Records a stored file and its checksum files (checksums first, so a file is never seen without them). */
    private CompletableFuture<Void> record(String path, Digest digest, long size,
                                           Map<ContentDigest.Algorithm, ContentDigest> checksums) {
        List<CompletableFuture<Void>> written = new ArrayList<>();
        for (ContentDigest checksum : checksums.values()) {
            byte[] text = MavenChecksum.render(checksum);
            String checksumPath = MavenPath.checksumPath(path, checksum.algorithm());
            written.add(small(text).thenCompose(d -> context.metadata().putEntry(entry(checksumPath, d, text.length))));
        }
        return CompletableFuture.allOf(written.toArray(CompletableFuture[]::new))
                .thenCompose(v -> context.metadata().putEntry(entry(path, digest, size)));
    }

    private CachedEntry entry(String path, Digest digest, long size) {
        Instant now = context.clock().instant();
        return new CachedEntry(config.key(), path, "", digest, size, MavenResponses.contentType(path), null, null, now, now);
    }

    /** Writes a small body as a blob; completes with its digest. */
    private CompletableFuture<Digest> small(byte[] body) {
        BlobWriter writer = context.blobs().writer();
        // The writer takes ownership of the wrapped buffer.
        return writer.write(Unpooled.wrappedBuffer(body)).thenCompose(v -> writer.commit()).whenComplete((d, e) -> {
            if (e != null) {
                writer.abort();
            }
        });
    }

    private void answer(Exchange exchange, RepositoryPath path, CompletableFuture<Long> stored) {
        exchange.when(stored, (size, err) -> {
            if (err == null) {
                exchange.respond(HttpResponseStatus.CREATED, new DefaultHttpHeaders()
                        .set(HttpHeaderNames.LOCATION, RepositoryPath.PREFIX + config.key() + "/" + path.raw()),
                        "application/json; charset=utf-8", "{\"path\":" + JsonStrings.quote(path.path()) + ",\"size\":" + size + "}\n");
                return;
            }
            Throwable cause = Futures.unwrap(err);
            if (cause instanceof ChecksumMismatchException || cause instanceof InvalidUpload) {
                ErrorResponses.json(exchange, HttpResponseStatus.BAD_REQUEST, cause.getMessage());
            } else if (cause instanceof DigestMismatchException mismatch) {
                ErrorResponses.json(exchange, HttpResponseStatus.BAD_REQUEST, "the body of " + path.path()
                        + " does not match the sha256 checksum sent with it: " + mismatch.getMessage());
            } else if (cause instanceof TooLargeException) {
                ErrorResponses.json(exchange, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, cause.getMessage());
            } else {
                MavenResponses.failure(exchange, cause, path.path());
            }
        });
    }

    /** A body that is not what its path says it is. */
    private static final class InvalidUpload extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidUpload(String message) {
            super(message);
        }
    }
}
