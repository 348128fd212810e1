package dev.wharf.docker;

import dev.wharf.codec.Digest;
import dev.wharf.codec.docker.ImageName;
import dev.wharf.cache.FillHead;
import dev.wharf.cache.FillSource;
import dev.wharf.storage.ByteSource;
import dev.wharf.storage.blob.DigestMismatchException;
import dev.wharf.storage.meta.CachedEntry;
import dev.wharf.storage.meta.MetadataStore;
import dev.wharf.upstream.Purpose;
import dev.wharf.upstream.Upstream;
import dev.wharf.upstream.UpstreamRequest;
import dev.wharf.upstream.UpstreamResponse;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** Fills one Docker blob from a remote: an upstream GET by digest, recorded as {@code blobs/<digest>}. */
final class DockerBlobFillSource implements FillSource {
    static final String OCTET_STREAM = "application/octet-stream";

    private final RemoteDockerRepository repo;
    private final ImageName name;
    private final Digest digest;
    private final Upstream upstream;
    private final MetadataStore metadata;
    private final Clock clock;

    DockerBlobFillSource(RemoteDockerRepository repo, ImageName name, Digest digest, Upstream upstream,
                         MetadataStore metadata, Clock clock) {
        this.repo = repo;
        this.name = name;
        this.digest = digest;
        this.upstream = upstream;
        this.metadata = metadata;
        this.clock = clock;
    }

    static String path(Digest digest) {
        return "blobs/" + digest;
    }

    @Override
    public Digest digest() {
        return digest;
    }

    @Override
    public CompletableFuture<Opened> open() {
        HttpHeaders headers = new DefaultHttpHeaders();
        headers.set(HttpHeaderNames.ACCEPT, "*/*");
        UpstreamRequest get = new UpstreamRequest(HttpMethod.GET, repo.blobUri(name, digest), headers,
                repo.pullScope(name), Purpose.BLOB, null);
        return upstream.execute(get).thenApply(response -> {
            if (response.status() != 200) {
                response.close();
                throw new UpstreamStatusException(response.status(), "blob " + digest);
            }
            String declared = response.headers().get(DockerResponses.DIGEST_HEADER);
            if (declared != null && Digest.isValid(declared) && !Digest.parse(declared).equals(digest)) {
                response.close();
                throw new DigestMismatchException(digest, Digest.parse(declared));
            }
            long length = DockerResponses.contentLength(response.headers());
            String contentType = response.headers().get(HttpHeaderNames.CONTENT_TYPE, OCTET_STREAM);
            return new Opened(new FillHead(length, contentType), new ResponseBody(response));
        });
    }

    @Override
    public CompletableFuture<Void> committed(long size, String contentType) {
        Instant now = clock.instant();
        String mediaType = contentType == null ? OCTET_STREAM : contentType;
        return metadata.putEntry(new CachedEntry(repo.key(), path(digest), digest, size, mediaType, null, null, now, now));
    }

    /** The upstream body; closing it closes the response (back to the pool when fully read). */
    private record ResponseBody(UpstreamResponse response, ByteSource body) implements ByteSource {
        ResponseBody(UpstreamResponse response) {
            this(response, response.body());
        }

        /** The caller owns the returned buffer. */
        @Override
        public CompletableFuture<ByteBuf> next() {
            return body.next();
        }

        @Override
        public void close() {
            body.close();
            response.close();
        }
    }
}
