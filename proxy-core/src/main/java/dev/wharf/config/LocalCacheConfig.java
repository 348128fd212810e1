package dev.wharf.config;

import java.nio.file.Path;

/**
 * {@code storage.blobs.localCache}: an optional per-replica disk cache of recently served S3 blobs. Keys:
 * <ul>
 *   <li>{@code path}: required, the cache directory</li>
 *   <li>{@code maxSize}: required, a size; least recently served blobs are dropped past it; 16MiB or more</li>
 * </ul>
 */
public record LocalCacheConfig(Path path, Long maxSize) {
    public LocalCacheConfig {
        Check.required(path, "path");
        Check.required(maxSize, "maxSize");
        Check.atLeast(maxSize, 16L << 20, "maxSize");
    }
}
