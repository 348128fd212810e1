package dev.wharf.docker;

import dev.wharf.storage.meta.CachedEntry;
import dev.wharf.storage.meta.MetadataStore;
import java.time.Clock;
import java.time.Instant;

/** Records reads of cached entries for eviction by last access, without a write per request. */
final class LastAccess {
    /** Eviction works in hours and days: one write a minute per entry is plenty. */
    private static final long RESOLUTION_SECONDS = 60;

    private LastAccess() {
    }

    static void touchIfDue(MetadataStore metadata, CachedEntry entry, Clock clock) {
        Instant now = clock.instant();
        if (entry.lastAccess().plusSeconds(RESOLUTION_SECONDS).isBefore(now)) {
            metadata.touch(entry.repoKey(), entry.path(), now);
        }
    }
}
