package dev.wharf.docker;

import dev.wharf.cache.Fill;
import dev.wharf.cache.FillEngine;
import dev.wharf.cache.FillHead;
import dev.wharf.cache.FillResponder;
import dev.wharf.cache.LastAccess;
import dev.wharf.codec.Digest;
import dev.wharf.codec.docker.ErrorCode;
import dev.wharf.codec.docker.ImageName;
import dev.wharf.format.BlobRedirects;
import dev.wharf.format.ContentResponder;
import dev.wharf.server.CacheStatus;
import dev.wharf.server.Exchange;
import dev.wharf.storage.blob.BlobContent;
import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.meta.CachedEntry;
import dev.wharf.storage.meta.MetadataStore;
import dev.wharf.upstream.Purpose;
import dev.wharf.upstream.UpstreamRequest;
import dev.wharf.upstream.UpstreamStatusException;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Serves blobs of Docker remotes: hits from storage (zero-copy file regions on plaintext, ranges as 206),
 * HEADs from metadata alone, misses through the fill engine so that concurrent requests share one upstream
 * GET and every follower streams it at its own pace.
 */
final class BlobService {
    private final MetadataStore metadata;
    private final BlobStore blobs;
    private final FillEngine fills;
    private final Executor fileExecutor;
    private final BlobRedirects redirects;
    private final Clock clock;

    BlobService(MetadataStore metadata, BlobStore blobs, FillEngine fills, Executor fileExecutor, Clock clock,
                BlobRedirects redirects) {
        this.metadata = metadata;
        this.blobs = blobs;
        this.fills = fills;
        this.fileExecutor = fileExecutor;
        this.redirects = redirects;
        this.clock = clock;
    }

    /** Answers a HEAD: from metadata when cached, from a running fill, else from an upstream HEAD. */
    void head(Exchange exchange, RemoteDockerRepository repo, ImageName name, Digest digest) {
        exchange.when(metadata.findEntry(repo.key(), DockerBlobFillSource.path(digest)), (found, err) -> {
            if (err != null) {
                DockerResponses.failure(exchange, err, ErrorCode.BLOB_UNKNOWN, "blob " + digest);
            } else if (found.isPresent()) {
                exchange.cacheStatus(CacheStatus.HIT);
                exchange.respond(HttpResponseStatus.OK, blobHeaders(digest, found.get().size(), found.get().mediaType()),
                        Unpooled.EMPTY_BUFFER);
            } else {
                headUncached(exchange, repo, repo.upstreamName(name), digest);
            }
        });
    }

    private void headUncached(Exchange exchange, RemoteDockerRepository repo, ImageName upstreamName, Digest digest) {
        Optional<Fill> running = fills.running(fillKey(repo, digest));
        if (running.isPresent() && running.get().head().isDone() && !running.get().head().isCompletedExceptionally()) {
            FillHead head = running.get().head().join();
            if (head.declaredSize() >= 0) {
                exchange.cacheStatus(CacheStatus.FILL_JOIN);
                exchange.respond(HttpResponseStatus.OK, blobHeaders(digest, head.declaredSize(), head.contentType()),
                        Unpooled.EMPTY_BUFFER);
                return;
            }
        }
        exchange.cacheStatus(CacheStatus.PASS);
        UpstreamRequest head = repo.request(HttpMethod.HEAD, repo.blobUri(upstreamName, digest), new DefaultHttpHeaders(),
                upstreamName, Purpose.METADATA, null);
        exchange.when(repo.upstream().execute(head), (response, err) -> {
            if (err != null) {
                DockerResponses.failure(exchange, err, ErrorCode.BLOB_UNKNOWN, "blob " + digest);
                return;
            }
            try (response) {
                if (response.status() != 200) {
                    DockerResponses.failure(exchange, new UpstreamStatusException(response.status(), "blob " + digest),
                            ErrorCode.BLOB_UNKNOWN, "blob " + digest);
                    return;
                }
                long length = response.contentLength();
                HttpHeaders headers = blobHeaders(digest, length,
                        DockerBlobFillSource.storableType(response.headers().get(HttpHeaderNames.CONTENT_TYPE)));
                exchange.respond(HttpResponseStatus.OK, headers, Unpooled.EMPTY_BUFFER);
            }
        });
    }

    /** Answers a GET: a hit from storage, else joins or starts the fill. */
    void get(Exchange exchange, RemoteDockerRepository repo, ImageName name, Digest digest) {
        CompletableFuture<Lookup> lookup = metadata.findEntry(repo.key(), DockerBlobFillSource.path(digest))
                .thenCompose(found -> found.isEmpty()
                        ? CompletableFuture.completedFuture(new Lookup(null, Optional.empty()))
                        : blobs.open(digest).thenApply(content -> new Lookup(found.get(), content)));
        exchange.when(lookup, (found, err) -> {
            if (err != null) {
                DockerResponses.failure(exchange, err, ErrorCode.BLOB_UNKNOWN, "blob " + digest);
            } else if (found.content().isPresent()) {
                serveHit(exchange, found.entry(), found.content().get());
            } else {
                if (found.entry() != null) {
                    // Recorded but gone from storage (removed by hand or by GC): fetch it again.
                    metadata.deleteEntry(repo.key(), found.entry().path());
                }
                miss(exchange, repo, repo.upstreamName(name), digest);
            }
        });
    }

    private record Lookup(CachedEntry entry, Optional<BlobContent> content) {
    }

    private void serveHit(Exchange exchange, CachedEntry entry, BlobContent content) {
        exchange.cacheStatus(CacheStatus.HIT);
        LastAccess.touchIfDue(metadata, entry, clock);
        ContentResponder.serve(exchange, entry, content, STYLE, fileExecutor, redirects);
    }

    /** Blob responses: registry headers, and a 416 as registry JSON. */
    static final ContentResponder.Style STYLE = new ContentResponder.Style() {
        @Override
        public HttpHeaders headers(CachedEntry entry, long length) {
            return blobHeaders(entry.digest(), length, entry.mediaType());
        }

        @Override
        public void rangeNotSatisfiable(Exchange exchange, long size) {
            HttpHeaders headers = DockerResponses.headers();
            headers.set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size);
            DockerResponses.error(exchange, ErrorCode.RANGE_NOT_SATISFIABLE,
                    "range not satisfiable for a blob of " + size + " bytes", headers);
        }
    };

    private void miss(Exchange exchange, RemoteDockerRepository repo, ImageName upstreamName, Digest digest) {
        FillEngine.Joined joined = fills.join(fillKey(repo, digest),
                new DockerBlobFillSource(repo, upstreamName, digest, metadata, blobs, clock));
        exchange.cacheStatus(joined.started() ? CacheStatus.MISS : CacheStatus.FILL_JOIN);
        HttpHeaders headers = DockerResponses.headers();
        headers.set(DockerResponses.DIGEST_HEADER, digest.toString());
        headers.set(HttpHeaderNames.ETAG, "\"" + digest + "\"");
        FillResponder.follow(exchange, joined.fill(), headers,
                (ex, err) -> DockerResponses.failure(ex, err, ErrorCode.BLOB_UNKNOWN, "blob " + digest));
    }

    private static String fillKey(RemoteDockerRepository repo, Digest digest) {
        return repo.key() + "/" + digest;
    }

    /**
     * The headers of a blob response; the content type is the upstream's, as recorded. An unknown length
     * ({@code -1}) is sent chunked, also in answer to a HEAD, whose headers must be those of the GET.
     */
    static HttpHeaders blobHeaders(Digest digest, long length, String contentType) {
        HttpHeaders headers = DockerResponses.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, contentType == null ? DockerBlobFillSource.OCTET_STREAM : contentType);
        headers.set(DockerResponses.DIGEST_HEADER, digest.toString());
        headers.set(HttpHeaderNames.ETAG, "\"" + digest + "\"");
        if (length >= 0) {
            headers.set(HttpHeaderNames.CONTENT_LENGTH, length);
        } else {
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        return headers;
    }
}
