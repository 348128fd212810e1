package dev.wharf.e2e.support;

import java.net.URI;
import java.util.Objects;

/**
 * What the replicas of a cluster under test share: one S3 bucket, one PostgreSQL schema, one Redis and the
 * cluster secret; and how often they reap what dead writers left in the bucket. Each replica keeps its own
 * spool and advertises its own port.
 *
 * @param metadataUser the PostgreSQL user, or null when the URL names it
 * @param reapEvery    {@code gc.schedule}
 * @param reapAfter    {@code gc.uploadsMaxAge}
 */
public record ClusterStores(URI s3Endpoint, String bucket, String accessKey, String secretKey, String metadataUrl,
                            String metadataUser, String redisUrl, String secret, String reapEvery, String reapAfter) {
    public ClusterStores {
        Objects.requireNonNull(s3Endpoint, "s3Endpoint");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(metadataUrl, "metadataUrl");
        Objects.requireNonNull(redisUrl, "redisUrl");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(reapEvery, "reapEvery");
        Objects.requireNonNull(reapAfter, "reapAfter");
    }
}
