package dev.wharf.docker;

import dev.wharf.codec.ByteRange;
import dev.wharf.codec.Digest;
import dev.wharf.codec.UnsatisfiableRangeException;
import dev.wharf.codec.docker.ErrorCode;
import dev.wharf.codec.docker.ImageName;
import dev.wharf.cache.Fill;
import dev.wharf.cache.FillEngine;
import dev.wharf.cache.FillFollower;
import dev.wharf.cache.FillHead;
import dev.wharf.server.BodySender;
import dev.wharf.server.CacheStatus;
import dev.wharf.server.Exchange;
import dev.wharf.storage.blob.BlobContent;
import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.meta.CachedEntry;
import dev.wharf.storage.meta.MetadataStore;
import dev.wharf.upstream.Purpose;
import dev.wharf.upstream.UpstreamRequest;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Serves blobs of Docker remotes: hits from storage (zero-copy file regions on plaintext, ranges as
 * 206), HEADs from metadata alone, misses through the fill engine so that concurrent requests share
 * one upstream GET.
 */
final class BlobService {
    private final MetadataStore metadata;
    private final BlobStore blobs;
    private final DockerUpstreams upstreams;
    private final FillEngine fills;
    private final Executor fileExecutor;
    private final Clock clock;

    BlobService(MetadataStore metadata, BlobStore blobs, DockerUpstreams upstreams, FillEngine fills,
                Executor fileExecutor, Clock clock) {
        this.metadata = metadata;
        this.blobs = blobs;
        this.upstreams = upstreams;
        this.fills = fills;
        this.fileExecutor = fileExecutor;
        this.clock = clock;
    }

    /** Answers a HEAD: from metadata when cached, from a running fill, else from an upstream HEAD. */
    void head(Exchange exchange, RemoteDockerRepository repo, ImageName name, Digest digest) {
        metadata.findEntry(repo.key(), DockerBlobFillSource.path(digest)).whenCompleteAsync((found, err) -> {
            if (err != null) {
                DockerResponses.failure(exchange, err, ErrorCode.BLOB_UNKNOWN, "blob " + digest);
            } else if (found.isPresent()) {
                exchange.cacheStatus(CacheStatus.HIT);
                exchange.respond(HttpResponseStatus.OK, blobHeaders(digest, found.get().size(), found.get().mediaType()),
                        Unpooled.EMPTY_BUFFER);
            } else {
                headUncached(exchange, repo, name, digest);
            }
        }, exchange.ctx().executor());
    }

    private void headUncached(Exchange exchange, RemoteDockerRepository repo, ImageName name, Digest digest) {
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
        UpstreamRequest head = new UpstreamRequest(HttpMethod.HEAD, repo.blobUri(name, digest), new DefaultHttpHeaders(),
                repo.pullScope(name), Purpose.METADATA, null);
        upstreams.of(repo).execute(head).whenCompleteAsync((response, err) -> {
            if (err != null) {
                DockerResponses.failure(exchange, err, ErrorCode.BLOB_UNKNOWN, "blob " + digest);
                return;
            }
            try (response) {
                long length = DockerResponses.contentLength(response.headers());
                if (response.status() != 200) {
                    DockerResponses.failure(exchange, new UpstreamStatusException(response.status(), "blob " + digest),
                            ErrorCode.BLOB_UNKNOWN, "blob " + digest);
                } else {
                    HttpHeaders headers = blobHeaders(digest, length,
                            response.headers().get(HttpHeaderNames.CONTENT_TYPE, DockerBlobFillSource.OCTET_STREAM));
                    if (length < 0) {
                        headers.remove(HttpHeaderNames.CONTENT_LENGTH);
                    }
                    exchange.respond(HttpResponseStatus.OK, headers, Unpooled.EMPTY_BUFFER);
                }
            }
        }, exchange.ctx().executor());
    }

    /** Answers a GET: a hit from storage, else joins or starts the fill. */
    void get(Exchange exchange, RemoteDockerRepository repo, ImageName name, Digest digest) {
        metadata.findEntry(repo.key(), DockerBlobFillSource.path(digest))
                .thenCompose(found -> found.isEmpty()
                        ? CompletableFuture.completedFuture(new Lookup(null, Optional.empty()))
                        : blobs.open(digest).thenApply(content -> new Lookup(found.get(), content)))
                .whenCompleteAsync((lookup, err) -> {
                    if (err != null) {
                        DockerResponses.failure(exchange, err, ErrorCode.BLOB_UNKNOWN, "blob " + digest);
                    } else if (lookup.content().isPresent()) {
                        serveHit(exchange, lookup.entry(), lookup.content().get());
                    } else {
                        if (lookup.entry() != null) {
                            // Recorded but gone from storage (removed by hand or by GC): fetch it again.
                            metadata.deleteEntry(repo.key(), lookup.entry().path());
                        }
                        miss(exchange, repo, name, digest);
                    }
                }, exchange.ctx().executor());
    }

    private record Lookup(CachedEntry entry, Optional<BlobContent> content) {
    }

    private void serveHit(Exchange exchange, CachedEntry entry, BlobContent content) {
        exchange.cacheStatus(CacheStatus.HIT);
        LastAccess.touchIfDue(metadata, entry, clock);
        long size = content.size();
        Optional<ByteRange> range;
        try {
            range = ByteRange.parse(exchange.requestHeaders().get(HttpHeaderNames.RANGE), size);
        } catch (UnsatisfiableRangeException e) {
            content.close();
            HttpHeaders headers = DockerResponses.headers();
            headers.set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size);
            DockerResponses.error(exchange, ErrorCode.RANGE_NOT_SATISFIABLE, "range not satisfiable for a blob of " + size + " bytes", headers);
            return;
        }
        long first = range.map(ByteRange::first).orElse(0L);
        long length = range.map(ByteRange::length).orElse(size);
        HttpHeaders headers = blobHeaders(entry.digest(), length, entry.mediaType());
        headers.set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
        range.ifPresent(r -> headers.set(HttpHeaderNames.CONTENT_RANGE, r.contentRange(size)));
        exchange.sendHead(range.isPresent() ? HttpResponseStatus.PARTIAL_CONTENT : HttpResponseStatus.OK, headers);
        Optional<FileChannel> file = exchange.isSecure() ? Optional.empty() : content.takeFile();
        CompletableFuture<Void> sent;
        if (file.isPresent()) {
            content.close();
            FileChannel channel = file.get();
            sent = BodySender.sendFileRange(exchange, channel, first, length, fileExecutor)
                    .whenComplete((v, e) -> fileExecutor.execute(() -> closeQuietly(channel)));
        } else {
            sent = BodySender.sendSource(exchange, content.stream(first, length)).whenComplete((v, e) -> content.close());
        }
        sent.whenCompleteAsync((v, err) -> {
            if (err != null) {
                exchange.abort();
            } else {
                exchange.finish();
            }
        }, exchange.ctx().executor());
    }

    private void miss(Exchange exchange, RemoteDockerRepository repo, ImageName name, Digest digest) {
        FillEngine.Joined joined = fills.join(fillKey(repo, digest),
                new DockerBlobFillSource(repo, name, digest, upstreams.of(repo), metadata, clock));
        exchange.cacheStatus(joined.started() ? CacheStatus.MISS : CacheStatus.FILL_JOIN);
        Fill fill = joined.fill();
        fill.head().whenCompleteAsync((head, err) -> {
            if (err != null) {
                DockerResponses.failure(exchange, err, ErrorCode.BLOB_UNKNOWN, "blob " + digest);
                return;
            }
            HttpHeaders headers = blobHeaders(digest, head.declaredSize(), head.contentType());
            if (head.declaredSize() < 0) {
                headers.remove(HttpHeaderNames.CONTENT_LENGTH);
            }
            exchange.sendHead(HttpResponseStatus.OK, headers);
            new FillFollower(exchange, fill, fileExecutor).start();
        }, exchange.ctx().executor());
    }

    private static String fillKey(RemoteDockerRepository repo, Digest digest) {
        return repo.key() + "/" + digest;
    }

    /** The headers of a blob response; the content type is the upstream's, as recorded. */
    private static HttpHeaders blobHeaders(Digest digest, long length, String contentType) {
        HttpHeaders headers = DockerResponses.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, contentType == null ? DockerBlobFillSource.OCTET_STREAM : contentType);
        headers.set(DockerResponses.DIGEST_HEADER, digest.toString());
        headers.set(HttpHeaderNames.ETAG, "\"" + digest + "\"");
        headers.set(HttpHeaderNames.CONTENT_LENGTH, length);
        return headers;
    }


    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Read-only channel: nothing was lost.
        }
    }
}
