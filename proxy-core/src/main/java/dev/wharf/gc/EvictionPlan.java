package dev.wharf.gc;

import dev.wharf.codec.Digest;
import dev.wharf.storage.meta.CachedEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which cached entries a garbage collection evicts, worked out from a snapshot without touching a store:
 * <ol>
 *   <li>by age: every entry of a remote with a {@code maxUnusedAge} whose last access is older than that;</li>
 *   <li>by size: while the bytes the store would keep exceed {@code storage.maxSize}, the least recently used
 *       entries of remotes, oldest access first, skipping those whose blob a local repository's entry references
 *       (evicting them would free nothing).</li>
 * </ol>
 * Entries of local repositories are never evicted, and their blobs are never counted as freed.
 *
 * @param evicted  the entries to delete, in the order chosen
 * @param released the blobs that none of the remaining entries reference any more, so that the sweep may take them
 */
record EvictionPlan(List<CachedEntry> evicted, Set<Digest> released) {

    /**
     * The plan for {@code entries} (by repository key, as listed), under {@code policies} (one per repository;
     * a key without one is treated as local).
     *
     * @param keptBlobs the blobs the sweep would keep as things stand (referenced, or within the grace period) and
     *                  their sizes; only read when {@code maxSize} is set
     * @param maxSize   {@code storage.maxSize} in bytes, or null for no bound
     */
    static EvictionPlan of(Instant now, Map<String, RepositoryPolicy> policies, Map<String, List<CachedEntry>> entries,
                           Map<Digest, Long> keptBlobs, Long maxSize) {
        Map<Digest, Integer> references = new HashMap<>();
        entries.values().forEach(list -> list.forEach(e -> references.merge(e.digest(), 1, Integer::sum)));
        Set<CachedEntry> evicted = new LinkedHashSet<>();
        Set<Digest> released = new LinkedHashSet<>();
        List<CachedEntry> evictable = new ArrayList<>();
        Set<Digest> pinned = new HashSet<>();
        entries.forEach((key, list) -> {
            RepositoryPolicy policy = policies.get(key);
            if (policy == null || !policy.evictable()) {
                list.forEach(entry -> pinned.add(entry.digest()));
                return;
            }
            for (CachedEntry entry : list) {
                if (policy.maxUnusedAge() != null && entry.lastAccess().isBefore(now.minus(policy.maxUnusedAge()))) {
                    evicted.add(entry);
                    release(entry, references, released);
                } else {
                    evictable.add(entry);
                }
            }
        });
        if (maxSize != null) {
            long kept = 0;
            for (Map.Entry<Digest, Long> blob : keptBlobs.entrySet()) {
                kept += released.contains(blob.getKey()) ? 0 : blob.getValue();
            }
            evictable.sort(Comparator.comparing(CachedEntry::lastAccess));
            for (CachedEntry entry : evictable) {
                if (kept <= maxSize) {
                    break;
                }
                if (pinned.contains(entry.digest())) {
                    continue;
                }
                evicted.add(entry);
                if (release(entry, references, released)) {
                    kept -= keptBlobs.getOrDefault(entry.digest(), 0L);
                }
            }
        }
        return new EvictionPlan(List.copyOf(evicted), Set.copyOf(released));
    }

    /** Counts one reference to the entry's blob gone; true when it was the last one. */
    private static boolean release(CachedEntry entry, Map<Digest, Integer> references, Set<Digest> released) {
        int left = references.merge(entry.digest(), -1, Integer::sum);
        if (left == 0) {
            released.add(entry.digest());
            return true;
        }
        return false;
    }
}
