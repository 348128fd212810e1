package dev.wharf.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code cache}: how fills (the upstream fetches behind cache misses) run. Keys, with their defaults:
 * <ul>
 *   <li>{@code stallTimeout}: a fill that makes no progress this long (no bytes read from the upstream, or none
 *       written to the blob store) fails, default {@code 60s}, more than 0</li>
 *   <li>{@code spoolPath}: the directory where a fill spools its bytes for the requests that join it when the blob
 *       store has no local staging file (S3), default {@code ./wharf-data/spool}</li>
 * </ul>
 */
public record CacheConfig(@Default("60s") Duration stallTimeout, @Default("./wharf-data/spool") Path spoolPath) {
    public CacheConfig {
        Check.positive(stallTimeout, "stallTimeout");
        Check.required(spoolPath, "spoolPath");
    }
}
