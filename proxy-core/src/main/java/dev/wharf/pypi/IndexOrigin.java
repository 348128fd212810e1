package dev.wharf.pypi;

import dev.wharf.cache.MetadataOrigin;
import dev.wharf.cache.OriginResult;
import dev.wharf.codec.http.HeaderValues;
import dev.wharf.codec.pypi.SimpleFormat;
import dev.wharf.codec.pypi.SimpleIndexException;
import dev.wharf.storage.ByteSources;
import dev.wharf.storage.meta.CachedEntry;
import dev.wharf.storage.meta.MetadataStore;
import dev.wharf.upstream.Purpose;
import dev.wharf.upstream.Upstream;
import dev.wharf.upstream.UpstreamProtocolException;
import dev.wharf.upstream.UpstreamRequest;
import dev.wharf.upstream.UpstreamResponse;
import dev.wharf.upstream.UpstreamStatusException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Gets one simple-API page (a project's page or the project list) from a PyPI remote's upstream for the
 * freshness policy: asked for in JSON with HTML accepted, read whole (up to {@code maxIndexBytes}), turned into
 * the one stored form ({@link StoredIndex}, PEP 691 JSON with absolute upstream URLs), and recorded with the
 * upstream's validators. A revalidation is a conditional GET: a 304 keeps the copy. An upstream 404 is
 * {@link OriginResult.Missing}.
 */
final class IndexOrigin implements MetadataOrigin {
    /** Turns an upstream document (its bytes, the format it came in, the URL that answered) into the stored form. */
    @FunctionalInterface
    interface Reader {
        byte[] read(byte[] body, SimpleFormat format, URI answered);
    }

    private final String repoKey;
    private final String path;
    private final URI uri;
    private final Upstream upstream;
    private final Duration revalidationTimeout;
    private final int maxBytes;
    private final Reader reader;
    private final MetadataStore metadata;
    private final IndexDocuments documents;
    private final Clock clock;

    IndexOrigin(String repoKey, String path, URI uri, Upstream upstream, Duration revalidationTimeout, int maxBytes,
                Reader reader, MetadataStore metadata, IndexDocuments documents, Clock clock) {
        this.repoKey = repoKey;
        this.path = path;
        this.uri = uri;
        this.upstream = upstream;
        this.revalidationTimeout = revalidationTimeout;
        this.maxBytes = maxBytes;
        this.reader = reader;
        this.metadata = metadata;
        this.documents = documents;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<OriginResult> fetch() {
        return get(new DefaultHttpHeaders(), null);
    }

    @Override
    public CompletableFuture<OriginResult> revalidate(CachedEntry stale) {
        HttpHeaders headers = new DefaultHttpHeaders();
        if (stale.etag() != null) {
            headers.set(HttpHeaderNames.IF_NONE_MATCH, stale.etag());
        }
        if (stale.lastModified() != null) {
            headers.set(HttpHeaderNames.IF_MODIFIED_SINCE, stale.lastModified());
        }
        return get(headers, revalidationTimeout);
    }

    private CompletableFuture<OriginResult> get(HttpHeaders headers, Duration timeout) {
        headers.set(HttpHeaderNames.ACCEPT, SimpleFormat.upstreamAccept());
        UpstreamRequest request = new UpstreamRequest(HttpMethod.GET, uri, headers, null, Purpose.METADATA, timeout);
        return upstream.execute(request).thenCompose(response -> {
            int status = response.status();
            if (status == 304) {
                response.close();
                return CompletableFuture.completedFuture(new OriginResult.NotModified());
            }
            if (status == 404 || status == 410) {
                response.close();
                return CompletableFuture.completedFuture(new OriginResult.Missing("the upstream answered " + status));
            }
            if (status != 200) {
                response.close();
                return CompletableFuture.failedFuture(new UpstreamStatusException(status, path));
            }
            return ByteSources.readAll(response.body(), maxBytes, "the upstream's " + path)
                    .whenComplete((b, e) -> response.close())
                    .thenCompose(body -> store(response, body));
        });
    }

    private CompletableFuture<OriginResult> store(UpstreamResponse response, byte[] body) {
        byte[] stored;
        try {
            stored = reader.read(body, SimpleFormat.ofResponse(response.headers().get(HttpHeaderNames.CONTENT_TYPE)),
                    response.uri());
        } catch (SimpleIndexException e) {
            return CompletableFuture.failedFuture(new UpstreamProtocolException("the upstream's " + path + ": " + e.getMessage(), e));
        }
        String etag = HeaderValues.safeOr(response.headers().get(HttpHeaderNames.ETAG), CachedEntry.MAX_ETAG_LENGTH, null);
        String lastModified = HeaderValues.safeOr(response.headers().get(HttpHeaderNames.LAST_MODIFIED),
                CachedEntry.MAX_LAST_MODIFIED_LENGTH, null);
        return documents.put(stored).thenCompose(digest -> {
            Instant now = clock.instant();
            CachedEntry entry = new CachedEntry(repoKey, path, "", digest, stored.length, StoredIndex.MEDIA_TYPE, etag,
                    lastModified, now, now);
            return metadata.putEntry(entry).thenApply(v -> new OriginResult.Stored(entry));
        });
    }
}
