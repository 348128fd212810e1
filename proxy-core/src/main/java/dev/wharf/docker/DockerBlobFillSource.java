package dev.wharf.docker;

import dev.wharf.upstream.UpstreamStatusException;
import dev.wharf.cache.Committed;
import dev.wharf.cache.FillSource;
import dev.wharf.codec.ContentDigest;
import dev.wharf.codec.Digest;
import dev.wharf.codec.docker.ImageName;
import dev.wharf.codec.http.HeaderValues;
import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.blob.DigestMismatchException;
import dev.wharf.storage.meta.CachedEntry;
import dev.wharf.storage.meta.MetadataStore;
import dev.wharf.upstream.Purpose;
import dev.wharf.upstream.UpstreamRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Fills one Docker blob from a remote: an upstream GET by digest, verified by it, recorded as {@code blobs/<digest>}. */
final class DockerBlobFillSource implements FillSource {
    static final String OCTET_STREAM = "application/octet-stream";

    private final RemoteDockerRepository repo;
    private final ImageName upstreamName;
    private final Digest digest;
    private final MetadataStore metadata;
    private final BlobStore blobs;
    private final Clock clock;

    DockerBlobFillSource(RemoteDockerRepository repo, ImageName upstreamName, Digest digest, MetadataStore metadata,
                         BlobStore blobs, Clock clock) {
        this.repo = repo;
        this.upstreamName = upstreamName;
        this.digest = digest;
        this.metadata = metadata;
        this.blobs = blobs;
        this.clock = clock;
    }

    /** The repository-relative path a blob is recorded at: blobs are the repository's, whatever image names them. */
    static String path(Digest digest) {
        return "blobs/" + digest;
    }

    /** The upstream's content type when it can be stored and sent back as a header, else octet-stream: the bytes are what is verified. */
    static String storableType(String contentType) {
        return HeaderValues.safeOr(contentType, CachedEntry.MAX_MEDIA_TYPE_LENGTH, OCTET_STREAM);
    }

    @Override
    public CompletableFuture<Opened> open() {
        HttpHeaders headers = new DefaultHttpHeaders();
        headers.set(HttpHeaderNames.ACCEPT, "*/*");
        UpstreamRequest get = repo.request(HttpMethod.GET, repo.blobUri(upstreamName, digest), headers, upstreamName,
                Purpose.BLOB, null);
        return repo.upstream().execute(get).thenApply(response -> {
            if (response.status() != 200) {
                response.close();
                throw new UpstreamStatusException(response.status(), "blob " + digest);
            }
            String declared = response.headers().get(DockerResponses.DIGEST_HEADER);
            if (declared != null && Digest.isValid(declared) && !Digest.parse(declared).equals(digest)) {
                response.close();
                throw new DigestMismatchException(digest, Digest.parse(declared));
            }
            String contentType = storableType(response.headers().get(HttpHeaderNames.CONTENT_TYPE));
            return new Opened(response.contentLength(), contentType, List.of(ContentDigest.of(digest)), response.closingBody());
        });
    }

    @Override
    public CompletableFuture<Void> committed(Committed blob) {
        Instant now = clock.instant();
        return metadata.putEntry(new CachedEntry(repo.key(), path(digest), "", blob.digest(), blob.size(),
                blob.contentType() == null ? OCTET_STREAM : blob.contentType(), null, null, now, now));
    }

    @Override
    public CompletableFuture<Optional<Committed>> peerResult() {
        return blobs.stat(digest).thenCompose(size -> {
            if (size.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            Committed blob = new Committed(digest, size.get(), OCTET_STREAM);
            return committed(blob).thenApply(v -> Optional.of(blob));
        });
    }
}
