package dev.wharf.docker;

import dev.wharf.upstream.UpstreamStatusException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.cache.MetadataOrigin;
import dev.wharf.cache.OriginResult;
import dev.wharf.codec.Digest;
import dev.wharf.codec.docker.ImageName;
import dev.wharf.codec.docker.ManifestVariants;
import dev.wharf.codec.docker.MediaTypes;
import dev.wharf.codec.docker.Reference;
import dev.wharf.codec.http.Accept;
import dev.wharf.codec.http.HeaderValues;
import dev.wharf.storage.ByteSources;
import dev.wharf.storage.Futures;
import dev.wharf.storage.TooLargeException;
import dev.wharf.storage.blob.DigestMismatchException;
import dev.wharf.storage.meta.CachedEntry;
import dev.wharf.storage.meta.MetadataStore;
import dev.wharf.upstream.UpstreamProtocolException;
import dev.wharf.upstream.Purpose;
import dev.wharf.upstream.UpstreamRequest;
import dev.wharf.upstream.UpstreamResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Gets one manifest from a Docker remote, for the freshness policy: a GET with every {@code Accept} line the
 * client sent (Go clients send one per media type; forwarding only the first makes the upstream answer 404
 * for indexes or rewrite schema 2 to schema 1), and a revalidation by HEAD and digest compare. What it fetches
 * is checked before anything is stored: the size limit, the digest (the reference's and the upstream's
 * {@code Docker-Content-Digest}), a media type that can be a header, and no schema 1. The bytes go to the blob
 * store under their digest, and two entries record them: by digest, and for a tag, the variant the client's
 * {@code Accept} got ({@link ManifestVariants}).
 */
final class ManifestOrigin implements MetadataOrigin {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RemoteDockerRepository remote;
    private final ImageName upstreamName;
    private final Reference reference;
    private final List<String> acceptLines;
    private final Accept accept;
    private final Stores stores;

    /** What storing a manifest needs. */
    record Stores(MetadataStore metadata, MetadataBytes bytes, Clock clock, int maxManifestBytes) {
    }

    /** @param accept {@code acceptLines} parsed */
    ManifestOrigin(RemoteDockerRepository remote, ImageName upstreamName, Reference reference, List<String> acceptLines,
                   Accept accept, Stores stores) {
        this.remote = remote;
        this.upstreamName = upstreamName;
        this.reference = reference;
        this.acceptLines = List.copyOf(acceptLines);
        this.accept = accept;
        this.stores = stores;
    }

    private String what() {
        return "manifest " + upstreamName + ":" + reference;
    }

    @Override
    public CompletableFuture<OriginResult> fetch() {
        UpstreamRequest get = remote.request(HttpMethod.GET, remote.manifestUri(upstreamName, reference), acceptHeaders(),
                upstreamName, Purpose.METADATA, null);
        return remote.upstream().execute(get).thenCompose(response -> {
            if (response.status() != 200) {
                response.close();
                return CompletableFuture.completedFuture(notOk(response.status()));
            }
            HttpHeaders headers = response.headers();
            return ByteSources.readAll(response.body(), stores.maxManifestBytes(), what())
                    .whenComplete((b, e) -> response.close())
                    .exceptionallyCompose(e -> CompletableFuture.failedFuture(
                            Futures.unwrap(e) instanceof TooLargeException
                                    ? new UpstreamProtocolException(what() + " is larger than " + stores.maxManifestBytes()
                                    + " bytes (server.limits.maxManifestBytes)", null)
                                    : e))
                    .thenCompose(bytes -> store(headers, bytes))
                    .thenApply(OriginResult.Stored::new);
        });
    }

    @Override
    public CompletableFuture<OriginResult> revalidate(CachedEntry stale) {
        UpstreamRequest head = remote.request(HttpMethod.HEAD, remote.manifestUri(upstreamName, reference), acceptHeaders(),
                upstreamName, Purpose.METADATA, remote.revalidationTimeout());
        return remote.upstream().execute(head).thenCompose(response -> {
            try (UpstreamResponse r = response) {
                if (r.status() != 200) {
                    return CompletableFuture.completedFuture(notOk(r.status()));
                }
                String digest = r.headers().get(DockerResponses.DIGEST_HEADER);
                String type = Accept.essence(r.headers().get(HttpHeaderNames.CONTENT_TYPE));
                if (stale.digest().toString().equals(digest) && (type.isEmpty() || type.equals(Accept.essence(stale.mediaType())))) {
                    return CompletableFuture.completedFuture(new OriginResult.NotModified());
                }
            }
            return fetch();
        });
    }

    /** A status other than 200: what a 404 (or Docker Hub's 401 for a repository it does not have) means, else a failure. */
    private OriginResult notOk(int status) {
        if (status == 404) {
            return new OriginResult.Missing("the upstream answered 404");
        }
        if (status == 401) {
            return new OriginResult.Missing("the upstream refused access (401) even after authentication;"
                    + " registries answer so for repositories that do not exist");
        }
        throw new UpstreamStatusException(status, what());
    }

    private HttpHeaders acceptHeaders() {
        HttpHeaders headers = new DefaultHttpHeaders();
        if (accept.isEmpty()) {
            headers.set(HttpHeaderNames.ACCEPT, MediaTypes.defaultAccept());
        } else {
            acceptLines.forEach(line -> headers.add(HttpHeaderNames.ACCEPT, line));
        }
        return headers;
    }

    private CompletableFuture<CachedEntry> store(HttpHeaders headers, byte[] bytes) {
        Digest digest = Digest.sha256Of(bytes);
        if (reference instanceof Reference.DigestRef ref && !ref.digest().equals(digest)) {
            throw new DigestMismatchException(ref.digest(), digest);
        }
        String declared = headers.get(DockerResponses.DIGEST_HEADER);
        if (declared != null && Digest.isValid(declared) && !Digest.parse(declared).equals(digest)) {
            throw new DigestMismatchException(Digest.parse(declared), digest);
        }
        String mediaType = mediaType(headers.get(HttpHeaderNames.CONTENT_TYPE), bytes);
        Instant now = stores.clock().instant();
        CachedEntry byDigest = new CachedEntry(remote.key(), ManifestService.path(upstreamName, new Reference.DigestRef(digest)),
                "", digest, bytes.length, mediaType, null, null, now, now);
        CachedEntry byReference = reference instanceof Reference.Tag
                ? new CachedEntry(remote.key(), ManifestService.path(upstreamName, reference),
                ManifestVariants.variant(mediaType, accept), digest, bytes.length, mediaType, null, null, now, now)
                : byDigest;
        return stores.bytes().put(digest, bytes)
                .thenCompose(d -> stores.metadata().putEntry(byDigest))
                .thenCompose(v -> byReference == byDigest ? CompletableFuture.completedFuture(null)
                        : stores.metadata().putEntry(byReference))
                .thenApply(v -> byReference);
    }

    /**
     * The manifest's media type: the upstream's Content-Type when it names a manifest type, else the
     * manifest's own {@code mediaType} field. Schema 1 and values that cannot be stored or sent as a header
     * are refused.
     */
    private String mediaType(String contentType, byte[] bytes) {
        JsonNode manifest = null;
        try {
            manifest = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UpstreamProtocolException(what() + " is not JSON", null);
        }
        JsonNode schemaVersion = manifest == null ? null : manifest.get("schemaVersion");
        if (MediaTypes.isSchema1(contentType) || (schemaVersion != null && schemaVersion.asInt() == 1)) {
            throw new UpstreamProtocolException(what() + " is a Docker schema 1 manifest, which Wharf does not support"
                    + " (schema 1 is deprecated; push the image again with a current client)", null);
        }
        String type = contentType;
        if (type == null || !MediaTypes.isManifest(type)) {
            JsonNode field = manifest == null ? null : manifest.get("mediaType");
            type = field != null && field.isTextual() ? field.asText() : type != null ? type : MediaTypes.OCI_MANIFEST;
        }
        if (!HeaderValues.isSafe(type, CachedEntry.MAX_MEDIA_TYPE_LENGTH)) {
            throw new UpstreamProtocolException(what() + " has a media type that cannot be served (control characters,"
                    + " or longer than " + CachedEntry.MAX_MEDIA_TYPE_LENGTH + " characters)", null);
        }
        return type;
    }
}
