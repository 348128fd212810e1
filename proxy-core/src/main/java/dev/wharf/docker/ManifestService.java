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

    void serve(Exchange exchange, RemoteDockerRepository remote, ImageName name, Reference reference) {
        ImageName upstreamName = remote.upstreamName(name);
        List<String> acceptLines = exchange.headerValues(HttpHeaderNames.ACCEPT);
        Admitted client = admitted.get(acceptLines, Admitted::of);
        boolean byDigest = reference instanceof Reference.DigestRef;
        Negotiation negotiation = byDigest ? Negotiation.NONE : client.negotiation();
        FreshnessPolicy.Request request = new FreshnessPolicy.Request(remote.key(), path(upstreamName, reference), negotiation,
                byDigest ? IMMUTABLE : remote.metadataTtl(), remote.negativeTtl());
        ManifestOrigin origin = new ManifestOrigin(remote, upstreamName, reference, acceptLines, client.accept(), stores);
        resolve(exchange, request, origin, name, reference, true);
    }

    private void resolve(Exchange exchange, FreshnessPolicy.Request request, ManifestOrigin origin, ImageName name,
                         Reference reference, boolean retry) {
        exchange.when(freshness.resolve(request, origin), (resolution, err) -> {
            if (err != null) {
                DockerResponses.failure(exchange, err, ErrorCode.MANIFEST_UNKNOWN, describe(name, reference));
                return;
            }
            // Manifests are fetched whole (bounded by the size limit), never streamed through a fill.
            Resolution.Entry resolved = (Resolution.Entry) resolution;
            exchange.cacheStatus(resolved.status());
            CachedEntry entry = resolved.entry();
            HttpHeaders headers = DockerResponses.headers();
            headers.set(HttpHeaderNames.CONTENT_TYPE, entry.mediaType());
            headers.set(DockerResponses.DIGEST_HEADER, entry.digest().toString());
            headers.set(HttpHeaderNames.ETAG, "\"" + entry.digest() + "\"");
            headers.set(HttpHeaderNames.CONTENT_LENGTH, entry.size());
            if (resolved.warning() != null) {
                headers.set(HttpHeaderNames.WARNING, resolved.warning());
            }
            if (exchange.isHead()) {
                // Answered from metadata alone: no blob read, no upstream call for cached content.
                exchange.respond(HttpResponseStatus.OK, headers, Unpooled.EMPTY_BUFFER);
                return;
            }
            exchange.when(bytes.get(entry.digest()), (body, e) -> {
                if (e == null) {
                    exchange.respond(HttpResponseStatus.OK, headers, Unpooled.wrappedBuffer(body));
                } else if (retry && Futures.unwrap(e) instanceof MetadataBytes.BlobMissingException) {
                    exchange.when(freshness.forget(entry), (v, ignored) -> resolve(exchange, request, origin, name, reference, false));
                } else {
                    DockerResponses.failure(exchange, e, ErrorCode.MANIFEST_UNKNOWN, describe(name, reference));
                }
            });
        });
    }

    /** What a failure names; built only when one is answered. */
    private static String describe(ImageName name, Reference reference) {
        return "manifest " + name + ":" + reference;
    }
}
