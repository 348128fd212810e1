package dev.wharf.api;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.wharf.storage.meta.CachedEntry;
import dev.wharf.storage.meta.MetadataStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * What each repository keeps in the metadata store: the bytes of its entries, how many there are and the latest
 * access among them. Summing lists every entry of the repository, so a repository's sum is kept for {@code ttl}
 * and computed on {@code executor}, never on an event loop.
 */
final class StoredUsage {
    /** One repository's usage; {@code lastAccess} is null when it holds nothing. */
    record Usage(long bytes, long objects, Instant lastAccess) {
    }

    private final AsyncLoadingCache<String, Usage> sums;

    StoredUsage(MetadataStore metadata, Executor executor, Duration ttl) {
        this.sums = Caffeine.newBuilder().expireAfterWrite(ttl).executor(executor)
                .buildAsync((key, on) -> metadata.listEntries(key, "").thenApplyAsync(StoredUsage::sum, on));
    }

    /** The usage of repository {@code key}, at most {@code ttl} old. */
    CompletableFuture<Usage> of(String key) {
        return sums.get(key);
    }

    private static Usage sum(List<CachedEntry> entries) {
        long bytes = 0;
        Instant last = null;
        for (CachedEntry entry : entries) {
            bytes += entry.size();
            if (last == null || entry.lastAccess().isAfter(last)) {
                last = entry.lastAccess();
            }
        }
        return new Usage(bytes, entries.size(), last);
    }
}
