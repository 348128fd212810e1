package dev.wharf.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code storage.blobs}: where blob bytes live. Keys, with their defaults:
 * <ul>
 *   <li>{@code type}: {@code filesystem} (default) or {@code s3}</li>
 *   <li>{@code path}: the blob directory of filesystem blobs, default {@code ./wharf-data/blobs}</li>
 *   <li>{@code endpoint}: the S3 API endpoint, an absolute http(s) URL; absent means AWS</li>
 *   <li>{@code region}: the S3 region; absent means the SDK's default</li>
 *   <li>{@code bucket}: required for s3</li>
 *   <li>{@code accessKey}, {@code secretKey}: given together or not at all (then the SDK's default chain);
 *       the secret key is never printed</li>
 *   <li>{@code pathStyle}: path-style bucket addressing (MinIO, Ceph), default false</li>
 *   <li>{@code prefix}: prepended to every object key, default empty</li>
 *   <li>{@code partSize}: the multipart upload part size, default 16MiB, 5MiB (S3's minimum) to 1GiB (a fill holds up to three parts in memory)</li>
 *   <li>{@code redirect}: answer blob GETs with a 307 to a presigned URL, default false</li>
 *   <li>{@code localCache}: optional, see {@link LocalCacheConfig}</li>
 * </ul>
 * Keys that the chosen type does not use are kept, unused, so that an environment override of {@code type} alone works.
 */
public record BlobsConfig(@Default(FILESYSTEM) String type, @Default("./wharf-data/blobs") Path path, String endpoint, String region, String bucket, String accessKey,
                          String secretKey, @Default("false") boolean pathStyle, String prefix, @Default("16MiB") long partSize,
                          @Default("false") boolean redirect, @OptionalSection LocalCacheConfig localCache) {
    public static final String FILESYSTEM = "filesystem";
    public static final String S3 = "s3";
    /** S3's smallest part but the last. */
    public static final long MIN_PART_SIZE = 5L << 20;
    /** The largest part allowed: a writer holds up to three parts in memory. */
    public static final long MAX_PART_SIZE = 1L << 30;
    /** The part size when none is given. */
    public static final long DEFAULT_PART_SIZE = 16L << 20;

    public BlobsConfig {
        Check.oneOf(type, List.of(FILESYSTEM, S3), "type");
        if (type.equals(FILESYSTEM) && path == null) {
            throw new ConfigException("path", "required for filesystem blobs");
        }
        if (type.equals(S3)) {
            if (bucket == null) {
                throw new ConfigException("bucket", "required for s3 blobs");
            }
            Check.requiredText(bucket, "bucket");
            if (endpoint != null) {
                checkEndpoint(endpoint);
            }
            if (accessKey != null && secretKey == null) {
                throw new ConfigException("secretKey", "required with accessKey");
            }
            if (secretKey != null && accessKey == null) {
                throw new ConfigException("accessKey", "required with secretKey");
            }
        }
        prefix = prefix == null ? "" : prefix;
        Check.atLeast(partSize, MIN_PART_SIZE, "partSize");
        Check.atMost(partSize, MAX_PART_SIZE, "partSize");
    }

    /** Filesystem blobs under {@code path}. */
    public static BlobsConfig filesystem(Path path) {
        return new BlobsConfig(FILESYSTEM, path, null, null, null, null, null, false, "", DEFAULT_PART_SIZE, false, null);
    }

    /** Prints every field but the secret key. */
    @Override
    public String toString() {
        return "BlobsConfig[type=" + type + ", path=" + path + ", endpoint=" + Redaction.url(endpoint)
                + ", region=" + region + ", bucket=" + bucket + ", accessKey=" + accessKey
                + ", secretKey=" + Redaction.secret(secretKey) + ", pathStyle=" + pathStyle + ", prefix=" + prefix
                + ", partSize=" + partSize + ", redirect=" + redirect + ", localCache=" + localCache + "]";
    }

    private static void checkEndpoint(String endpoint) {
        try {
            URI uri = new URI(endpoint);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return;
            }
        } catch (URISyntaxException e) {
            // reported below, like any other endpoint that is not an absolute http(s) URL
        }
        throw new ConfigException("endpoint", Check.quote(Redaction.url(endpoint)) + " is not an absolute http(s) URL");
    }
}
