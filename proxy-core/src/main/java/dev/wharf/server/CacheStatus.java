package dev.wharf.server;

/** How a request was served, as the access log reports it. */
public enum CacheStatus {
    /** Served from storage or metadata, no upstream call. */
    HIT,
    /** Started a fill from the upstream. */
    MISS,
    /** Joined a fill another request had started. */
    FILL_JOIN,
    /** Cached, revalidated with the upstream. */
    REVALIDATED,
    /** Cached and stale, served because the upstream failed. */
    STALE,
    /** Passed to the upstream without caching (e.g. a HEAD for an uncached blob). */
    PASS,
    /** Not a cacheable request (ping, errors, health). */
    NONE;

    /** The lower-case, hyphenated name used in the access log. */
    public String logName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
