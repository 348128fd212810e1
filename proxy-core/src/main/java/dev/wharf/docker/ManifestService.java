package dev.wharf.docker;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.wharf.cache.FreshnessPolicy;
import dev.wharf.cache.Negotiation;
import dev.wharf.cache.Resolution;
import dev.wharf.codec.docker.ErrorCode;
import dev.wharf.codec.docker.ImageName;
import dev.wharf.codec.docker.ManifestVariants;
import dev.wharf.codec.docker.Reference;
import dev.wharf.codec.http.Accept;
import dev.wharf.server.Exchange;
import dev.wharf.storage.Futures;
import dev.wharf.storage.meta.CachedEntry;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Serves manifests of Docker remotes through the freshness policy. By digest they are immutable (cached for
 * good, never revalidated); by tag they are mutable metadata, negotiated by {@code Accept}: each client is
 * given only a variant it admits ({@link ManifestVariants}). HEADs are answered from metadata alone. A
 * manifest recorded in metadata whose blob has gone is forgotten and fetched again.
 */
final class ManifestService {
    /** What "cached for good" means for content addressed by digest. */
    static final Duration IMMUTABLE = Duration.ofDays(365 * 100);

    private final FreshnessPolicy freshness;
    private final MetadataBytes bytes;
    private final ManifestOrigin.Stores stores;
    /** What each distinct set of Accept lines admits: clients send the same lines every time. */
    private final Cache<List<String>, Admitted> admitted = Caffeine.newBuilder().maximumSize(1024).build();

    /** A client's Accept, and the manifest variants it may be given. */
    private record Admitted(Accept accept, Negotiation negotiation) {
        static Admitted of(List<String> lines) {
            Accept accept = Accept.parse(lines);
            return new Admitted(accept, new Negotiation(ManifestVariants.acceptable(accept), ManifestVariants.key(accept)));
        }
    }

    ManifestService(FreshnessPolicy freshness, ManifestOrigin.Stores stores) {
        this.freshness = freshness;
        this.bytes = stores.bytes();
        this.stores = stores;
    }

    /** The repository-relative path of a manifest: by the upstream's name of the image. */
    static String path(ImageName upstreamName, Reference reference) {
        return upstreamName.value() + "/manifests/" + reference;
    }

    /** Answers a manifest request of a remote. */
    void serve(Exchange exchange, RemoteDockerRepository remote, ImageName name, Reference reference) {
        exchange.when(fetch(remote, name, reference, exchange.headerValues(HttpHeaderNames.ACCEPT), exchange.isHead()),
                (manifest, err) -> {
                    if (err != null) {
                        DockerResponses.failure(exchange, err, ErrorCode.MANIFEST_UNKNOWN, describe(name, reference));
                    } else {
                        respond(exchange, manifest);
                    }
                });
    }

    /**
     * The manifest of a remote that a client with these {@code Accept} lines is given: its row and, unless
     * {@code head}, its bytes. Fails as {@link DockerResponses#failure} reads it (the upstream not having it
     * included).
     */
    CompletableFuture<ServedManifest> fetch(RemoteDockerRepository remote, ImageName name, Reference reference,
                                            List<String> acceptLines, boolean head) {
        ImageName upstreamName = remote.upstreamName(name);
        Admitted client = admitted.get(acceptLines, Admitted::of);
        boolean byDigest = reference instanceof Reference.DigestRef;
        Negotiation negotiation = byDigest ? Negotiation.NONE : client.negotiation();
        FreshnessPolicy.Request request = new FreshnessPolicy.Request(remote.key(), path(upstreamName, reference), negotiation,
                byDigest ? IMMUTABLE : remote.metadataTtl(), remote.negativeTtl());
        ManifestOrigin origin = new ManifestOrigin(remote, upstreamName, reference, acceptLines, client.accept(), stores);
        return resolve(request, origin, head, true);
    }

    private CompletableFuture<ServedManifest> resolve(FreshnessPolicy.Request request, ManifestOrigin origin, boolean head,
                                                      boolean retry) {
        return freshness.resolve(request, origin).thenCompose(resolution -> {
            // Manifests are fetched whole (bounded by the size limit), never streamed through a fill.
            Resolution.Entry resolved = (Resolution.Entry) resolution;
            CachedEntry entry = resolved.entry();
            if (head) {
                // Answered from metadata alone: no blob read, no upstream call for cached content.
                return CompletableFuture.completedFuture(ServedManifest.of(entry, null, resolved.status(), resolved.warning()));
            }
            return bytes.get(entry.digest())
                    .thenApply(body -> ServedManifest.of(entry, body, resolved.status(), resolved.warning()))
                    .exceptionallyCompose(e -> retry && Futures.unwrap(e) instanceof MetadataBytes.BlobMissingException
                            ? freshness.forget(entry).thenCompose(v -> resolve(request, origin, head, false))
                            : CompletableFuture.failedFuture(e));
        });
    }

    /** Answers with a manifest: its bytes, or for a HEAD its headers alone. */
    static void respond(Exchange exchange, ServedManifest manifest) {
        exchange.cacheStatus(manifest.status());
        HttpHeaders headers = DockerResponses.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, manifest.mediaType());
        headers.set(DockerResponses.DIGEST_HEADER, manifest.digest().toString());
        headers.set(HttpHeaderNames.ETAG, "\"" + manifest.digest() + "\"");
        headers.set(HttpHeaderNames.CONTENT_LENGTH, manifest.size());
        if (manifest.warning() != null) {
            headers.set(HttpHeaderNames.WARNING, manifest.warning());
        }
        exchange.respond(HttpResponseStatus.OK, headers,
                manifest.body() == null || exchange.isHead() ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(manifest.body()));
    }

    /** What a failure names; built only when one is answered. */
    static String describe(ImageName name, Reference reference) {
        return "manifest " + name + ":" + reference;
    }
}
