package dev.wharf.format;

import dev.wharf.cache.FillEngine;
import dev.wharf.codec.ContentDigest;
import dev.wharf.cache.MetadataOrigin;
import dev.wharf.cache.OriginResult;
import dev.wharf.storage.Futures;
import dev.wharf.storage.meta.CachedEntry;
import dev.wharf.upstream.Purpose;
import dev.wharf.upstream.UpstreamRequest;
import dev.wharf.upstream.UpstreamStatusException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Gets one file of a remote repository for the freshness policy, its body streamed through a fill (a file
 * may be large). A fetch starts or joins the fill of the path; a revalidation is a conditional GET from the
 * stale copy's validators ({@code If-None-Match}, {@code If-Modified-Since}) with the remote's short
 * revalidation timeout: a 304 keeps the copy, a 200 is streamed into a new fill. An upstream 404 is
 * {@link OriginResult.Missing}.
 */
final class FileOrigin implements MetadataOrigin {
    private final RemoteFiles repository;
    private final FillEngine fills;
    private final String path;
    private final URI uri;
    private final List<ContentDigest> expected;

    FileOrigin(RemoteFiles repository, FillEngine fills, String path, URI uri,
               List<ContentDigest> expected) {
        this.repository = repository;
        this.fills = fills;
        this.path = path;
        this.uri = uri;
        this.expected = expected;
    }

    @Override
    public CompletableFuture<OriginResult> fetch() {
        return streamed(fills.join(repository.fillKey(path), repository.source(path, uri, expected, null)));
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
        UpstreamRequest get = repository.request(HttpMethod.GET, uri, headers, Purpose.BLOB,
                repository.revalidationTimeout());
        return repository.upstream().execute(get).thenCompose(response -> {
            int status = response.status();
            if (status == 304) {
                response.close();
                return CompletableFuture.completedFuture(new OriginResult.NotModified());
            }
            if (status != 200) {
                response.close();
                return CompletableFuture.completedFuture(notOk(status));
            }
            FillEngine.Joined joined = fills.join(repository.fillKey(path), repository.source(path, uri, expected, response));
            if (!joined.started()) {
                // Another request is filling the same path already: its bytes are as fresh as these.
                response.close();
            }
            return streamed(joined);
        });
    }

    /** Waits for the fill's head, so that a 404 becomes {@link OriginResult.Missing} (remembered), not a failed stream. */
    private CompletableFuture<OriginResult> streamed(FillEngine.Joined joined) {
        return joined.fill().head().handle((head, err) -> {
            if (err == null) {
                return new OriginResult.Streaming(joined.fill(), !joined.started());
            }
            Throwable cause = Futures.unwrap(err);
            if (cause instanceof UpstreamStatusException s && s.status() == 404) {
                return new OriginResult.Missing("the upstream answered 404");
            }
            throw new CompletionException(cause);
        });
    }

    private OriginResult notOk(int status) {
        if (status == 404) {
            return new OriginResult.Missing("the upstream answered 404");
        }
        throw new UpstreamStatusException(status, path);
    }
}
