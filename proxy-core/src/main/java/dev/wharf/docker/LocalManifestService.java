package dev.wharf.docker;

import dev.wharf.codec.Digest;
import dev.wharf.codec.Printable;
import dev.wharf.codec.docker.ErrorCode;
import dev.wharf.codec.docker.ImageName;
import dev.wharf.codec.docker.ManifestDocument;
import dev.wharf.codec.docker.Reference;
import dev.wharf.codec.http.Accept;
import dev.wharf.server.CacheStatus;
import dev.wharf.server.Exchange;
import dev.wharf.storage.ByteSources;
import dev.wharf.storage.Futures;
import dev.wharf.storage.TooLargeException;
import dev.wharf.storage.meta.CachedEntry;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Manifests of Docker local repositories: {@code PUT} by tag or digest (and {@code ?tag=}, repeated), validated
 * before anything is recorded (JSON, a manifest type, the size limit, the digest named, every blob and child
 * manifest present in the image) and stored byte-exact; {@code GET}/{@code HEAD} by tag or digest;
 * {@code DELETE} of a digest (with its tags) or of a tag alone. Tags move, digests never change.
 */
final class LocalManifestService {
    /** The header naming the subject of a pushed manifest (OCI 1.1), so clients know referrers are indexed. */
    static final String SUBJECT_HEADER = "OCI-Subject";

    private final MetadataBytes bytes;
    private final Clock clock;
    private final int maxManifestBytes;

    LocalManifestService(MetadataBytes bytes, Clock clock, int maxManifestBytes) {
        this.bytes = bytes;
        this.clock = clock;
        this.maxManifestBytes = maxManifestBytes;
    }

    /** A pushed manifest, read and checked, ready to record. */
    private record Pushed(Digest digest, byte[] body, ManifestDocument document) {
    }

    /** The manifest {@code reference} names in {@code name}, with its bytes unless {@code head}; empty when there is none. */
    CompletableFuture<Optional<ServedManifest>> find(LocalDockerRepository repo, ImageName name, Reference reference,
                                                     boolean head) {
        return repo.manifest(name, reference).thenCompose(row -> {
            if (row.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            CachedEntry entry = row.get();
            if (head) {
                return CompletableFuture.completedFuture(Optional.of(ServedManifest.of(entry, null, CacheStatus.HIT, null)));
            }
            return bytes.get(entry.digest())
                    .thenApply(body -> Optional.of(ServedManifest.of(entry, body, CacheStatus.HIT, null)));
        });
    }

    /**
     * {@code GET}/{@code HEAD}. A tag is given to a client whose {@code Accept} admits its type (or that sent
     * none); a digest names exact bytes, which are served whatever the client accepts.
     */
    void serve(Exchange exchange, LocalDockerRepository repo, ImageName name, Reference reference) {
        exchange.when(find(repo, name, reference, exchange.isHead()), (found, err) -> {
            if (err != null) {
                DockerResponses.failure(exchange, err, ErrorCode.MANIFEST_UNKNOWN, ManifestService.describe(name, reference));
            } else if (found.isEmpty()) {
                DockerResponses.error(exchange, ErrorCode.MANIFEST_UNKNOWN, "manifest " + name + ":" + reference
                        + " is not in repository " + repo.key());
            } else if (!admits(exchange, reference, found.get().mediaType())) {
                DockerResponses.error(exchange, ErrorCode.MANIFEST_UNKNOWN, "manifest " + name + ":" + reference + " is a "
                        + found.get().mediaType() + ", which the request's Accept does not admit");
            } else {
                ManifestService.respond(exchange, found.get());
            }
        });
    }

    static boolean admits(Exchange exchange, Reference reference, String mediaType) {
        if (reference instanceof Reference.DigestRef) {
            return true;
        }
        Accept accept = Accept.parse(exchange.headerValues(HttpHeaderNames.ACCEPT));
        return accept.isEmpty() || accept.admits(mediaType);
    }

    /** {@code PUT /v2/<requested>/manifests/<reference>}. */
    void put(Exchange exchange, LocalDockerRepository repo, ImageName requested, ImageName name, Reference reference) {
        Set<String> tags = new LinkedHashSet<>();
        if (reference instanceof Reference.Tag tag) {
            tags.add(tag.value());
        }
        for (String extra : exchange.queryValues("tag")) {
            if (!Reference.Tag.isValid(extra)) {
                DockerResponses.error(exchange, ErrorCode.NAME_INVALID, "tag: " + Printable.of(extra)
                        + " (expected: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127})");
                return;
            }
            tags.add(extra);
        }
        long declared = exchange.declaredBodyLength();
        if (declared > maxManifestBytes) {
            tooLarge(exchange);
            return;
        }
        String contentType = exchange.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE);
        CompletableFuture<byte[]> read = ByteSources.readAll(exchange.requestBody(maxManifestBytes), maxManifestBytes,
                "manifest " + name + ":" + reference);
        exchange.when(read, (body, err) -> {
            if (err != null) {
                Throwable cause = Futures.unwrap(err);
                if (cause instanceof TooLargeException) {
                    tooLarge(exchange);
                } else {
                    DockerResponses.failure(exchange, cause, ErrorCode.MANIFEST_INVALID, "manifest " + name + ":" + reference);
                }
                return;
            }
            Digest digest = Digest.sha256Of(body);
            if (reference instanceof Reference.DigestRef ref && !ref.digest().equals(digest)) {
                DockerResponses.error(exchange, ErrorCode.DIGEST_INVALID, "the manifest's digest is " + digest
                        + ", not " + ref.digest() + " as its URL says");
                return;
            }
            ManifestDocument document;
            try {
                document = ManifestDocument.parse(body, contentType);
            } catch (ManifestDocument.InvalidManifestException e) {
                DockerResponses.error(exchange, ErrorCode.MANIFEST_INVALID, e.getMessage());
                return;
            }
            Pushed checked = new Pushed(digest, body, document);
            exchange.when(missing(repo, name, document), (absent, e) -> {
                if (e != null) {
                    DockerResponses.failure(exchange, e, ErrorCode.MANIFEST_INVALID, "manifest " + name + ":" + reference);
                } else if (!absent.isEmpty()) {
                    DockerResponses.error(exchange, ErrorCode.MANIFEST_BLOB_UNKNOWN, "the manifest references "
                            + String.join(", ", absent) + ", not pushed to " + name + " in repository " + repo.key());
                } else {
                    record(exchange, repo, requested, name, checked, tags);
                }
            });
        });
    }

    /** What the manifest references that the image does not hold, as text for the error. */
    private static CompletableFuture<List<String>> missing(LocalDockerRepository repo, ImageName name, ManifestDocument document) {
        List<CompletableFuture<Optional<String>>> checks = new ArrayList<>();
        for (ManifestDocument.Descriptor blob : document.blobs()) {
            checks.add(repo.blob(name, blob.digest())
                    .thenApply(link -> link.isPresent() ? Optional.empty() : Optional.of("blob " + blob.digest())));
        }
        for (ManifestDocument.Descriptor child : document.manifests()) {
            checks.add(repo.manifest(name, new Reference.DigestRef(child.digest()))
                    .thenApply(row -> row.isPresent() ? Optional.empty() : Optional.of("manifest " + child.digest())));
        }
        return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new))
                .thenApply(v -> checks.stream().map(CompletableFuture::join).flatMap(Optional::stream).distinct().toList());
    }

    /** Stores the bytes, then the digest row, the referrer row and the tags: a tag never points at nothing. */
    private void record(Exchange exchange, LocalDockerRepository repo, ImageName requested, ImageName name, Pushed pushed,
                        Set<String> tags) {
        Instant now = clock.instant();
        Digest digest = pushed.digest();
        String type = pushed.document().mediaType();
        long size = pushed.body().length;
        CompletableFuture<Void> stored = bytes.put(digest, pushed.body())
                .thenCompose(d -> repo.putManifest(name, new Reference.DigestRef(digest), digest, size, type, now))
                .thenCompose(v -> pushed.document().subject()
                        .map(subject -> repo.putReferrer(name, subject.digest(), digest, size, type, now))
                        .orElse(CompletableFuture.completedFuture(null)))
                .thenCompose(v -> CompletableFuture.allOf(tags.stream()
                        .map(tag -> repo.putManifest(name, new Reference.Tag(tag), digest, size, type, now))
                        .toArray(CompletableFuture[]::new)));
        exchange.when(stored, (v, err) -> {
            if (err != null) {
                DockerResponses.failure(exchange, err, ErrorCode.MANIFEST_INVALID, "manifest " + name + "@" + digest);
                return;
            }
            HttpHeaders headers = DockerResponses.headers();
            headers.set(HttpHeaderNames.LOCATION, "/v2/" + requested + "/manifests/" + digest);
            headers.set(DockerResponses.DIGEST_HEADER, digest.toString());
            headers.set(HttpHeaderNames.CONTENT_LENGTH, 0);
            pushed.document().subject().ifPresent(subject -> headers.set(SUBJECT_HEADER, subject.digest().toString()));
            exchange.respond(HttpResponseStatus.CREATED, headers, Unpooled.EMPTY_BUFFER);
        });
    }

    /**
     * {@code DELETE}: of a digest, the manifest with every tag pointing at it and its referrer row (its bytes go with
     * garbage collection); of a tag, the tag alone. 202, as the spec says.
     */
    void delete(Exchange exchange, LocalDockerRepository repo, ImageName name, Reference reference) {
        CompletableFuture<Boolean> deleted = reference instanceof Reference.DigestRef ref
                ? deleteDigest(repo, name, ref.digest())
                : repo.deleteManifestRow(name, reference);
        exchange.when(deleted, (existed, err) -> {
            if (err != null) {
                DockerResponses.failure(exchange, err, ErrorCode.MANIFEST_UNKNOWN, ManifestService.describe(name, reference));
            } else if (!existed) {
                DockerResponses.error(exchange, ErrorCode.MANIFEST_UNKNOWN, "manifest " + name + ":" + reference
                        + " is not in repository " + repo.key());
            } else {
                exchange.respond(HttpResponseStatus.ACCEPTED, DockerResponses.headers(), Unpooled.EMPTY_BUFFER);
            }
        });
    }

    private CompletableFuture<Boolean> deleteDigest(LocalDockerRepository repo, ImageName name, Digest digest) {
        Reference ref = new Reference.DigestRef(digest);
        return repo.manifest(name, ref).thenCompose(row -> {
            if (row.isEmpty()) {
                return CompletableFuture.completedFuture(false);
            }
            CompletableFuture<Void> unrefer = bytes.get(digest).thenCompose(body -> {
                Optional<ManifestDocument.Descriptor> subject;
                try {
                    subject = ManifestDocument.parse(body, row.get().mediaType()).subject();
                } catch (ManifestDocument.InvalidManifestException e) {
                    subject = Optional.empty();
                }
                return subject.map(s -> repo.deleteReferrer(name, s.digest(), digest).<Void>thenApply(b -> null))
                        .orElse(CompletableFuture.completedFuture(null));
            }).exceptionally(e -> null);
            return unrefer
                    .thenCompose(v -> repo.manifestRows(name))
                    .thenCompose(rows -> CompletableFuture.allOf(rows.stream()
                            .filter(r -> r.digest().equals(digest) && !r.path().endsWith("/" + digest))
                            .map(r -> repo.deleteManifestRow(name, Reference.parse(r.path().substring(r.path().lastIndexOf('/') + 1))))
                            .toArray(CompletableFuture[]::new)))
                    .thenCompose(v -> repo.deleteManifestRow(name, ref));
        });
    }

    private void tooLarge(Exchange exchange) {
        DockerResponses.error(exchange, ErrorCode.TOO_LARGE, "the manifest is larger than " + maxManifestBytes
                + " bytes (server.limits.maxManifestBytes)");
    }
}
