package dev.wharf.cache;

import dev.wharf.storage.meta.CachedEntry;
import java.util.concurrent.CompletableFuture;

/**
 * How a format gets one piece of mutable metadata from its upstream, for the {@link FreshnessPolicy}.
 * Failures (transport errors, timeouts, 5xx, 429) complete the futures exceptionally; for a revalidation the
 * policy then serves the stale copy.
 */
public interface MetadataOrigin {
    /** Fetches it for a client that has no usable cached copy, with the client's own {@code Accept}. */
    CompletableFuture<OriginResult> fetch();

    /**
     * Revalidates a stale copy: a conditional request from its validators ({@code If-None-Match},
     * {@code If-Modified-Since}; a 304 is {@link OriginResult.NotModified}), or the format's own check (Docker:
     * a HEAD and a digest compare). A changed resource is fetched and stored.
     */
    CompletableFuture<OriginResult> revalidate(CachedEntry stale);
}
