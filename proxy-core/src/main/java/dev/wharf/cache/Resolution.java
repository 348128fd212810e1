package dev.wharf.cache;

import dev.wharf.server.CacheStatus;
import dev.wharf.storage.meta.CachedEntry;

/** How the {@link FreshnessPolicy} answers a request for mutable metadata. */
public sealed interface Resolution {
    /** How the answer was obtained, for the access log and metrics. */
    CacheStatus status();

    /** Serve this entry; {@code warning} is the {@code Warning} header value when it is stale, else null. */
    record Entry(CachedEntry entry, CacheStatus status, String warning) implements Resolution {
    }

    /** Follow this fill (the metadata is being fetched with a streamed body). */
    record Filling(Fill fill, CacheStatus status) implements Resolution {
    }
}
