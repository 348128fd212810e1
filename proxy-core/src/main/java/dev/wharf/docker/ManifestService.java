package dev.wharf.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.codec.Digest;
import dev.wharf.codec.docker.ImageName;
import dev.wharf.codec.docker.MediaTypes;
import dev.wharf.codec.docker.Reference;
import dev.wharf.server.CacheStatus;
import dev.wharf.storage.ByteSources;
import dev.wharf.storage.Futures;
import dev.wharf.storage.blob.BlobContent;
import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.blob.BlobWriter;
import dev.wharf.storage.blob.DigestMismatchException;
import dev.wharf.storage.coord.Coordination;
import dev.wharf.storage.meta.CachedEntry;
import dev.wharf.storage.meta.MetadataStore;
import dev.wharf.upstream.UpstreamClient;
import dev.wharf.upstream.UpstreamRequest;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves manifests of Docker remotes. By digest they are immutable and cached for good; by tag they
 * are fresh for the repository's metadataTtl, then revalidated with an upstream HEAD and a digest
 * compare; when the upstream fails, the stale copy is served with a warning. Concurrent misses for one
 * manifest share one upstream GET. Manifests are small and bounded, so they are held in memory whole.
 */
final class ManifestService {
    private static final Logger LOG = LoggerFactory.getLogger(ManifestService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STALE_WARNING = "110 - \"Response is Stale\"";
    /** The longest a failed revalidation is trusted before the upstream is tried again. */
    private static final Duration MAX_REVALIDATION_BACKOFF = Duration.ofSeconds(30);

    private final MetadataStore metadata;
    private final BlobStore blobs;
    private final Coordination coordination;
    private final UpstreamClient upstream;
    private final Clock clock;
    private final int maxManifestBytes;
    private final ManifestBytesCache bytesCache = new ManifestBytesCache(64L << 20);
    private final ConcurrentMap<String, CompletableFuture<Resolved>> fetches = new ConcurrentHashMap<>();

    ManifestService(MetadataStore metadata, BlobStore blobs, Coordination coordination, UpstreamClient upstream,
                    Clock clock, int maxManifestBytes) {
        this.metadata = metadata;
        this.blobs = blobs;
        this.coordination = coordination;
        this.upstream = upstream;
        this.clock = clock;
        this.maxManifestBytes = maxManifestBytes;
    }

    /** A manifest as served: its metadata, how it was obtained, and a Warning header value when stale. */
    record Resolved(CachedEntry entry, CacheStatus status, String warning) {
    }

    /** Finds the manifest, from cache when fresh, revalidating or fetching it otherwise. */
    CompletableFuture<Resolved> resolve(RemoteDockerRepository repo, ImageName name, Reference reference, String accept) {
        String path = path(name, reference);
        return metadata.findEntry(repo.key(), path).thenCompose(found -> {
            if (found.isEmpty()) {
                return fetchOnce(repo, name, reference, accept, CacheStatus.MISS);
            }
            CachedEntry entry = found.get();
            if (reference instanceof Reference.DigestRef || isFresh(repo, entry)) {
                LastAccess.touchIfDue(metadata, entry, clock);
                return CompletableFuture.completedFuture(new Resolved(entry, CacheStatus.HIT, null));
            }
            return revalidate(repo, name, reference, accept, entry);
        });
    }

    /** The manifest's bytes: from memory, else from the blob store. */
    CompletableFuture<byte[]> bytes(CachedEntry entry) {
        Optional<byte[]> cached = bytesCache.get(entry.digest());
        if (cached.isPresent()) {
            return CompletableFuture.completedFuture(cached.get());
        }
        return blobs.open(entry.digest()).thenCompose(content -> {
            BlobContent blob = content.orElseThrow(() -> new IllegalStateException("manifest blob " + entry.digest() + " is missing from storage"));
            return ByteSources.readAll(blob.stream(0, blob.size()), maxManifestBytes, "manifest blob " + entry.digest())
                    .whenComplete((b, e) -> blob.close());
        }).thenApply(b -> {
            bytesCache.put(entry.digest(), b);
            return b;
        });
    }

    private boolean isFresh(RemoteDockerRepository repo, CachedEntry entry) {
        return entry.fetchedAt().plus(repo.metadataTtl()).isAfter(clock.instant());
    }

    private CompletableFuture<Resolved> revalidate(RemoteDockerRepository repo, ImageName name, Reference reference,
                                                   String accept, CachedEntry entry) {
        // After a failed revalidation, serve stale for a while rather than wait on a failing upstream per request.
        return coordination.cacheGet(backoffKey(entry)).thenCompose(failedRecently -> failedRecently.isPresent()
                ? CompletableFuture.completedFuture(new Resolved(entry, CacheStatus.STALE, STALE_WARNING))
                : revalidateUpstream(repo, name, reference, accept, entry));
    }

    private CompletableFuture<Resolved> revalidateUpstream(RemoteDockerRepository repo, ImageName name, Reference reference,
                                                           String accept, CachedEntry entry) {
        UpstreamRequest head = new UpstreamRequest(HttpMethod.HEAD, repo.manifestUri(name, reference), acceptHeaders(accept),
                repo.credentials(), repo.pullScope(name));
        return upstream.execute(head).handle((response, err) -> {
            if (err != null) {
                return stale(repo, entry, Futures.unwrap(err).getMessage());
            }
            try (response) {
                if (response.status() == 200) {
                    String upstreamDigest = response.headers().get(DockerResponses.DIGEST_HEADER);
                    if (entry.digest().toString().equals(upstreamDigest)) {
                        CachedEntry refreshed = entry.refreshedAt(clock.instant());
                        return metadata.putEntry(refreshed).thenApply(v -> new Resolved(refreshed, CacheStatus.REVALIDATED, null));
                    }
                    return fetchOnce(repo, name, reference, accept, CacheStatus.MISS)
                            .exceptionally(e -> staleResolved(repo, entry, Futures.unwrap(e).getMessage()));
                }
                if (response.status() == 404) {
                    return metadata.deleteEntry(repo.key(), entry.path()).<Resolved>thenApply(v -> {
                        throw new UpstreamStatusException(404, "manifest " + name.value() + ":" + reference);
                    });
                }
                return stale(repo, entry, "upstream answered " + response.status());
            }
        }).thenCompose(f -> f);
    }

    private CompletableFuture<Resolved> stale(RemoteDockerRepository repo, CachedEntry entry, String why) {
        return CompletableFuture.completedFuture(staleResolved(repo, entry, why));
    }

    private Resolved staleResolved(RemoteDockerRepository repo, CachedEntry entry, String why) {
        LOG.warn("serving stale manifest {}/{}: revalidation failed: {}", entry.repoKey(), entry.path(), why);
        Duration backoff = repo.metadataTtl().compareTo(MAX_REVALIDATION_BACKOFF) < 0 ? repo.metadataTtl() : MAX_REVALIDATION_BACKOFF;
        coordination.cachePut(backoffKey(entry), why, backoff);
        return new Resolved(entry, CacheStatus.STALE, STALE_WARNING);
    }

    private static String backoffKey(CachedEntry entry) {
        return "revalidation-failed:" + entry.repoKey() + "/" + entry.path();
    }

    private CompletableFuture<Resolved> fetchOnce(RemoteDockerRepository repo, ImageName name, Reference reference,
                                                  String accept, CacheStatus status) {
        String key = repo.key() + "/" + path(name, reference);
        CompletableFuture<Resolved> mine = new CompletableFuture<>();
        CompletableFuture<Resolved> running = fetches.putIfAbsent(key, mine);
        if (running != null) {
            return running.thenApply(r -> new Resolved(r.entry(), CacheStatus.FILL_JOIN, r.warning()));
        }
        coordination.cacheGet("negative:" + key).thenCompose(negative -> {
            if (negative.isPresent()) {
                throw new UpstreamStatusException(404, "manifest " + name.value() + ":" + reference);
            }
            return fetch(repo, name, reference, accept, status);
        }).whenComplete((resolved, err) -> {
            fetches.remove(key, mine);
            if (err != null) {
                Throwable cause = Futures.unwrap(err);
                if (cause instanceof UpstreamStatusException s && s.status() == 404) {
                    coordination.cachePut("negative:" + key, "404", repo.negativeTtl());
                }
                mine.completeExceptionally(cause);
            } else {
                mine.complete(resolved);
            }
        });
        return mine;
    }

    private CompletableFuture<Resolved> fetch(RemoteDockerRepository repo, ImageName name, Reference reference,
                                              String accept, CacheStatus status) {
        String what = "manifest " + name.value() + ":" + reference;
        UpstreamRequest get = new UpstreamRequest(HttpMethod.GET, repo.manifestUri(name, reference), acceptHeaders(accept),
                repo.credentials(), repo.pullScope(name));
        return upstream.execute(get).thenCompose(response -> {
            if (response.status() != 200) {
                response.close();
                throw new UpstreamStatusException(response.status(), what);
            }
            HttpHeaders headers = response.headers();
            return ByteSources.readAll(response.body(), maxManifestBytes, what)
                    .whenComplete((b, e) -> response.close())
                    .thenCompose(bytes -> store(repo, name, reference, headers, bytes))
                    .thenApply(entry -> new Resolved(entry, status, null));
        });
    }

    private CompletableFuture<CachedEntry> store(RemoteDockerRepository repo, ImageName name, Reference reference,
                                                 HttpHeaders headers, byte[] bytes) {
        Digest digest = Digest.sha256Of(bytes);
        if (reference instanceof Reference.DigestRef ref && !ref.digest().equals(digest)) {
            throw new DigestMismatchException(ref.digest(), digest);
        }
        String declared = headers.get(DockerResponses.DIGEST_HEADER);
        if (declared != null && Digest.isValid(declared) && !Digest.parse(declared).equals(digest)) {
            throw new DigestMismatchException(Digest.parse(declared), digest);
        }
        String mediaType = mediaType(headers.get(HttpHeaderNames.CONTENT_TYPE), bytes);
        Instant now = clock.instant();
        CachedEntry byReference = new CachedEntry(repo.key(), path(name, reference), digest, bytes.length, mediaType,
                null, null, now, now);
        CachedEntry byDigest = new CachedEntry(repo.key(), path(name, new Reference.DigestRef(digest)), digest, bytes.length,
                mediaType, null, null, now, now);
        BlobWriter writer = blobs.writer();
        // The writer takes ownership of the wrapped buffer.
        return writer.write(Unpooled.wrappedBuffer(bytes))
                .thenCompose(v -> writer.commit(digest))
                .whenComplete((d, e) -> {
                    if (e != null) {
                        writer.abort();
                    }
                })
                .thenCompose(d -> metadata.putEntry(byDigest))
                .thenCompose(v -> reference instanceof Reference.Tag ? metadata.putEntry(byReference) : CompletableFuture.completedFuture(null))
                .thenApply(v -> {
                    bytesCache.put(digest, bytes);
                    return byReference;
                });
    }


    static String path(ImageName name, Reference reference) {
        return name.value() + "/manifests/" + reference;
    }

    private static HttpHeaders acceptHeaders(String accept) {
        HttpHeaders headers = new DefaultHttpHeaders();
        headers.set(HttpHeaderNames.ACCEPT, accept == null || accept.isBlank() ? MediaTypes.defaultAccept() : accept);
        return headers;
    }

    /** The upstream's Content-Type, or the manifest's own {@code mediaType} field when it sent a generic one. */
    private static String mediaType(String contentType, byte[] bytes) {
        if (contentType != null && MediaTypes.isManifest(contentType)) {
            return contentType;
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            JsonNode field = node == null ? null : node.get("mediaType");
            if (field != null && field.isTextual()) {
                return field.asText();
            }
        } catch (IOException e) {
            LOG.debug("manifest is not JSON: {}", e.getMessage());
        }
        return contentType != null ? contentType : MediaTypes.OCI_MANIFEST;
    }
}
