package dev.wharf.cache;

import dev.wharf.storage.meta.CachedEntry;
import dev.wharf.storage.meta.MetadataStore;
import java.time.Clock;
import java.time.Instant;

/** Records reads of cached entries for eviction by last access, without a write per request. */
public final class LastAccess {
    /** Eviction works in hours and days: one write a minute per entry is plenty. */
    private static final long RESOLUTION_SECONDS = 60;

    private LastAccess() {
    }

    /** Touches the entry when its recorded access is over a minute old. */
    public static void touchIfDue(MetadataStore metadata, CachedEntry entry, Clock clock) {
        Instant now = clock.instant();
        if (entry.lastAccess().plusSeconds(RESOLUTION_SECONDS).isBefore(now)) {
            metadata.touch(entry.repoKey(), entry.path(), entry.variant(), now);
        }
    }
}
