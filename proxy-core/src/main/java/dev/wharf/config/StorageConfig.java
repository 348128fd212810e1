package dev.wharf.config;

/**
 * {@code storage}: the three backends, each with its own section, and a bound on what is cached. Keys:
 * <ul>
 *   <li>{@code blobs}: see {@link BlobsConfig}</li>
 *   <li>{@code metadata}: see {@link MetadataConfig}</li>
 *   <li>{@code coordination}: see {@link CoordinationConfig}</li>
 *   <li>{@code maxSize}: optional, a size ({@code 500GiB}); when the blobs grow past it, the least recently used
 *       remote content is evicted; absent (null) means unbounded; 1MiB or more</li>
 * </ul>
 */
public record StorageConfig(BlobsConfig blobs, MetadataConfig metadata, CoordinationConfig coordination, Long maxSize) {
    public StorageConfig {
        Check.required(blobs, "blobs");
        Check.required(metadata, "metadata");
        Check.required(coordination, "coordination");
        if (maxSize != null) {
            Check.atLeast(maxSize, 1 << 20, "maxSize");
        }
    }
}
