package dev.wharf.config;

import java.time.Duration;

/**
 * {@code gc}: garbage collection of blobs that no metadata references, and of stale uploads. Keys, with their
 * defaults:
 * <ul>
 *   <li>{@code schedule}: the time between two collections, default {@code 1h}, more than 0</li>
 *   <li>{@code grace}: how old an unreferenced blob must be before it is removed (a fill or push may be about to
 *       reference it), default {@code 1h}, 0s or more</li>
 *   <li>{@code uploadsMaxAge}: how old an unfinished upload's staging may grow before it is removed, default
 *       {@code 24h}, more than 0</li>
 * </ul>
 */
public record GcConfig(@Default("1h") Duration schedule, @Default("1h") Duration grace,
                       @Default("24h") Duration uploadsMaxAge) {
    public GcConfig {
        Check.positive(schedule, "schedule");
        Check.notNegative(grace, "grace");
        Check.positive(uploadsMaxAge, "uploadsMaxAge");
    }
}
