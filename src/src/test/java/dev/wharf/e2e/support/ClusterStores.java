package dev.wharf.e2e.support;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What the replicas of a cluster under test share: one blob directory, one PostgreSQL schema, one Redis and
 * the cluster secret. Each replica keeps its own spool and advertises its own port.
 *
 * @param metadataUser the PostgreSQL user, or null when the URL names it
 */
public record ClusterStores(Path blobs, String metadataUrl, String metadataUser, String redisUrl, String secret) {
    public ClusterStores {
        Objects.requireNonNull(blobs, "blobs");
        Objects.requireNonNull(metadataUrl, "metadataUrl");
        Objects.requireNonNull(redisUrl, "redisUrl");
        Objects.requireNonNull(secret, "secret");
    }
}
