package dev.wharf.config;

/** {@code storage}: the three backends, each with its own section: {@link BlobsConfig}, {@link MetadataConfig}, {@link CoordinationConfig}. */
public record StorageConfig(BlobsConfig blobs, MetadataConfig metadata, CoordinationConfig coordination) {
    public StorageConfig {
        Check.required(blobs, "blobs");
        Check.required(metadata, "metadata");
        Check.required(coordination, "coordination");
    }
}
