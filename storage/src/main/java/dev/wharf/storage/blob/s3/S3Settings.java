package dev.wharf.storage.blob.s3;

import java.net.URI;
import java.util.Objects;

/**
 * Where and how an {@link S3BlobStore} keeps its blobs: {@code storage.blobs} with {@code type: s3}. Validated
 * on construction.
 *
 * @param endpoint  the S3 API's base URI (MinIO, Ceph, s3proxy, ...: {@code https://s3.example.com}); null for
 *                  AWS itself, whose endpoint follows from the region
 * @param region    the signing region; null for the SDK's region chain ({@code AWS_REGION}, profile, instance
 *                  metadata)
 * @param bucket    the bucket, which must exist
 * @param accessKey with {@code secretKey}, static credentials; both null for the SDK's default credential chain
 *                  (environment, profile, web identity, container and instance roles)
 * @param secretKey the secret of {@code accessKey}; never printed
 * @param pathStyle address the bucket as {@code endpoint/bucket/key} instead of {@code bucket.endpoint/key}, as
 *                  most S3-compatible servers need
 * @param prefix    put before every key, "" for none; a trailing {@code /} is added when missing, so
 *                  {@code wharf} and {@code wharf/} are the same
 * @param partSize  bytes per multipart part, default {@value #DEFAULT_PART_SIZE} (16 MiB), from
 *                  {@value #MIN_PART_SIZE} (5 MiB, the S3 minimum) to {@value #MAX_PART_SIZE} (1 GiB). A blob
 *                  smaller than one part is written with one PUT; a writer holds up to three parts in memory;
 *                  S3's 10,000 parts make {@code 10,000 * partSize} the largest blob (156 GiB by default)
 */
public record S3Settings(URI endpoint, String region, String bucket, String accessKey, String secretKey,
                         boolean pathStyle, String prefix, int partSize) {
    /** The part size unless told otherwise: 16 MiB. */
    public static final int DEFAULT_PART_SIZE = 16 << 20;
    /** The smallest part S3 accepts (except for the last one): 5 MiB. */
    public static final int MIN_PART_SIZE = 5 << 20;
    /** The largest part size allowed here, since a writer holds up to three parts in memory: 1 GiB. */
    public static final int MAX_PART_SIZE = 1 << 30;

    public S3Settings {
        Objects.requireNonNull(bucket, "bucket");
        if (bucket.isBlank()) {
            throw new IllegalArgumentException("bucket: \"\" (expected: a bucket name)");
        }
        if ((accessKey == null) != (secretKey == null)) {
            throw new IllegalArgumentException("accessKey and secretKey: only one is set (expected: both, or "
                    + "neither for the SDK's default credential chain)");
        }
        if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null)) {
            throw new IllegalArgumentException("endpoint: " + endpoint + " (expected: an absolute URI such as "
                    + "https://s3.example.com)");
        }
        prefix = prefix == null ? "" : prefix;
        if (prefix.startsWith("/")) {
            throw new IllegalArgumentException("prefix: " + prefix + " (expected: no leading /)");
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
            throw new IllegalArgumentException("partSize: " + partSize + " (expected: " + MIN_PART_SIZE + " to "
                    + MAX_PART_SIZE + " bytes)");
        }
    }

    /** Settings for {@code bucket} on AWS, with the SDK's region and credential chains and no prefix. */
    public static S3Settings aws(String bucket) {
        return new S3Settings(null, null, bucket, null, null, false, "", DEFAULT_PART_SIZE);
    }

    /** The same settings with another part size. */
    public S3Settings withPartSize(int bytes) {
        return new S3Settings(endpoint, region, bucket, accessKey, secretKey, pathStyle, prefix, bytes);
    }

    /** The same settings with another key prefix. */
    public S3Settings withPrefix(String keyPrefix) {
        return new S3Settings(endpoint, region, bucket, accessKey, secretKey, pathStyle, keyPrefix, partSize);
    }

    /** Names the access key but never the secret. */
    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + ", accessKey="
                + accessKey + ", secretKey=" + (secretKey == null ? null : "***") + ", pathStyle=" + pathStyle
                + ", prefix=" + prefix + ", partSize=" + partSize + "]";
    }
}
