package dev.wharf.app;

import dev.wharf.config.BlobsConfig;
import dev.wharf.config.ConfigException;
import dev.wharf.config.LocalCacheConfig;
import dev.wharf.config.StorageConfig;
import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.blob.FilesystemBlobStore;
import dev.wharf.storage.blob.LocalCachedBlobStore;
import dev.wharf.storage.blob.s3.S3BlobStore;
import dev.wharf.storage.blob.s3.S3Settings;
import dev.wharf.storage.coord.Coordination;
import dev.wharf.storage.coord.LeaseHolder;
import dev.wharf.storage.coord.LocalCoordination;
import dev.wharf.storage.coord.RedisCoordination;
import dev.wharf.storage.coord.RedisSettings;
import dev.wharf.storage.meta.CachingMetadataStore;
import dev.wharf.storage.meta.EmbeddedMetadataStore;
import dev.wharf.storage.meta.MetadataStore;
import dev.wharf.storage.meta.PostgresMetadataStore;
import dev.wharf.storage.meta.TokenStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The blob store, metadata store and coordination a configuration names, opened together, and the local
 * spool store fills write to for their followers when the blob store has no local staging files. The
 * metadata store is fronted by a short-lived in-memory cache of found entries; the API tokens live in the same database.
 */
public record Stores(BlobStore blobs, BlobStore spool, MetadataStore metadata, TokenStore tokens, Coordination coordination)
        implements AutoCloseable {

    /**
     * Opens the configured implementations; fails with a {@link ConfigException} for one not available.
     *
     * @param self          this replica as its leases name it, so that other replicas can follow its fills
     * @param uploadsMaxAge how long an upload session of the filesystem store may go without an append
     */
    public static Stores open(StorageConfig config, Path spoolPath, LeaseHolder self, Duration uploadsMaxAge) {
        BlobStore blobs = switch (config.blobs().type()) {
            case "filesystem" -> FilesystemBlobStore.open(config.blobs().path(), FilesystemBlobStore.DEFAULT_SWEEP_INTERVAL,
                    uploadsMaxAge);
            case "s3" -> withLocalCache(S3BlobStore.open(s3(config.blobs())), config.blobs().localCache());
            default -> throw new ConfigException("storage.blobs.type", config.blobs().type()
                    + " is not available in this build (available: filesystem, s3)");
        };
        BlobStore spool;
        try {
            spool = FilesystemBlobStore.open(spoolPath);
        } catch (RuntimeException e) {
            blobs.close();
            throw e;
        }
        MetadataStore metadata;
        TokenStore tokens;
        try {
            switch (config.metadata().type()) {
                case "embedded" -> {
                    EmbeddedMetadataStore embedded = EmbeddedMetadataStore.open(config.metadata().path());
                    tokens = embedded.tokens();
                    metadata = new CachingMetadataStore(embedded);
                }
                case "postgres" -> {
                    PostgresMetadataStore postgres = PostgresMetadataStore.open(config.metadata().url(),
                            config.metadata().username(), config.metadata().password(), config.metadata().poolSize());
                    tokens = postgres.tokens();
                    metadata = new CachingMetadataStore(postgres);
                }
                default -> throw new ConfigException("storage.metadata.type", config.metadata().type()
                        + " is not available in this build (available: embedded, postgres)");
            }
        } catch (RuntimeException e) {
            spool.close();
            blobs.close();
            throw e;
        }
        Coordination coordination = switch (config.coordination().type()) {
            case "local" -> new LocalCoordination(self);
            case "redis" -> new RedisCoordination(RedisSettings.of(config.coordination().url()), self);
            default -> {
                spool.close();
                blobs.close();
                metadata.close();
                throw new ConfigException("storage.coordination.type", config.coordination().type()
                        + " is not available in this build (available: local, redis)");
            }
        };
        return new Stores(blobs, spool, metadata, tokens, coordination);
    }

    private static BlobStore withLocalCache(S3BlobStore s3, LocalCacheConfig cache) {
        return cache == null ? s3 : LocalCachedBlobStore.open(s3, cache.path(), cache.maxSize());
    }

    /** The S3 store behind the blobs, if they are on S3, for the reaper of its unfinished uploads. */
    public Optional<S3BlobStore> s3() {
        BlobStore base = blobs instanceof LocalCachedBlobStore cached ? cached.remote() : blobs;
        return base instanceof S3BlobStore s3 ? Optional.of(s3) : Optional.empty();
    }

    private static S3Settings s3(BlobsConfig blobs) {
        return new S3Settings(blobs.endpoint() == null ? null : URI.create(blobs.endpoint()), blobs.region(), blobs.bucket(),
                blobs.accessKey(), blobs.secretKey(), blobs.pathStyle(), blobs.prefix(), Math.toIntExact(blobs.partSize()));
    }

    @Override
    public void close() {
        coordination.close();
        metadata.close();
        spool.close();
        blobs.close();
    }
}
