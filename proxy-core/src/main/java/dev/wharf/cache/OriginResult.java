package dev.wharf.cache;

import dev.wharf.storage.meta.CachedEntry;

/** What the upstream said about a piece of mutable metadata when asked for it or to revalidate it. */
public sealed interface OriginResult {
    /** Fetched and stored: the entry (the variant fetched) to serve. */
    record Stored(CachedEntry entry) implements OriginResult {
    }

    /**
     * Being fetched through a fill (a body too large to hold in memory); the entry appears when it commits.
     * {@code joined} is true when the fill was already running for another request.
     */
    record Streaming(Fill fill, boolean joined) implements OriginResult {
    }

    /** Only from a revalidation: the stale copy is still current (304, or the same digest). */
    record NotModified() implements OriginResult {
    }

    /** The upstream says it does not exist (a 404, or what the format reads as one); remembered for negativeTtl. */
    record Missing(String why) implements OriginResult {
    }
}
