package dev.wharf.format;

import dev.wharf.cache.Committed;
import dev.wharf.cache.FillSource;
import dev.wharf.codec.ContentDigest;
import dev.wharf.codec.http.HeaderValues;
import dev.wharf.storage.meta.CachedEntry;
import dev.wharf.storage.meta.MetadataStore;
import dev.wharf.upstream.Purpose;
import dev.wharf.upstream.UpstreamRequest;
import dev.wharf.upstream.UpstreamResponse;
import dev.wharf.upstream.UpstreamStatusException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Fills one file of a remote repository: an upstream GET (or a response already received, when a
 * revalidation answered 200), verified against the digests the protocol gives, recorded at its path with
 * the upstream's validators ({@code ETag}, {@code Last-Modified}) for later revalidation.
 */
final class RemoteFileSource implements FillSource {
    static final String OCTET_STREAM = "application/octet-stream";

    private final String repoKey;
    private final String path;
    private final URI uri;
    private final RemoteFiles repository;
    private final List<ContentDigest> expected;
    private final MetadataStore metadata;
    private final Clock clock;
    private final Instant started;
    private final UpstreamResponse received;
    private volatile HttpHeaders validators = new DefaultHttpHeaders();

    /** @param received a 200 response already in hand (whose body the fill takes), or null to send a GET */
    RemoteFileSource(String repoKey, String path, URI uri, RemoteFiles repository, List<ContentDigest> expected,
                     MetadataStore metadata, Clock clock, UpstreamResponse received) {
        this.repoKey = repoKey;
        this.path = path;
        this.uri = uri;
        this.repository = repository;
        this.expected = List.copyOf(expected);
        this.metadata = metadata;
        this.clock = clock;
        this.started = clock.instant();
        this.received = received;
    }

    @Override
    public CompletableFuture<Opened> open() {
        CompletableFuture<UpstreamResponse> response = received != null ? CompletableFuture.completedFuture(received)
                : repository.upstream().execute(repository.request(HttpMethod.GET, uri, new DefaultHttpHeaders(),
                        Purpose.BLOB, null));
        return response.thenApply(r -> {
            if (r.status() != 200) {
                r.close();
                throw new UpstreamStatusException(r.status(), path);
            }
            validators = validators(r.headers());
            String type = HeaderValues.safeOr(r.headers().get(HttpHeaderNames.CONTENT_TYPE),
                    CachedEntry.MAX_MEDIA_TYPE_LENGTH, OCTET_STREAM);
            return new Opened(r.contentLength(), type, expected, r.closingBody());
        });
    }

    @Override
    public CompletableFuture<Void> committed(Committed blob) {
        Instant now = clock.instant();
        return metadata.putEntry(new CachedEntry(repoKey, path, "", blob.digest(), blob.size(),
                blob.contentType() == null ? OCTET_STREAM : blob.contentType(),
                validators.get(HttpHeaderNames.ETAG), validators.get(HttpHeaderNames.LAST_MODIFIED), now, now));
    }

    /** The entry another replica recorded since this fill started, if it did. */
    @Override
    public CompletableFuture<Optional<Committed>> peerResult() {
        return metadata.findEntry(repoKey, path).thenApply(entry -> entry
                .filter(e -> !e.fetchedAt().isBefore(started))
                .map(e -> new Committed(e.digest(), e.size(), e.mediaType())));
    }

    /** The validators worth keeping, when they can be stored and sent back as headers. */
    private static HttpHeaders validators(HttpHeaders headers) {
        HttpHeaders kept = new DefaultHttpHeaders();
        String etag = headers.get(HttpHeaderNames.ETAG);
        if (etag != null && HeaderValues.isSafe(etag, CachedEntry.MAX_ETAG_LENGTH)) {
            kept.set(HttpHeaderNames.ETAG, etag);
        }
        String lastModified = headers.get(HttpHeaderNames.LAST_MODIFIED);
        if (lastModified != null && HeaderValues.isSafe(lastModified, CachedEntry.MAX_LAST_MODIFIED_LENGTH)) {
            kept.set(HttpHeaderNames.LAST_MODIFIED, lastModified);
        }
        return kept;
    }


}
