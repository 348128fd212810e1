package dev.wharf.format;

import dev.wharf.auth.AccessControl;
import dev.wharf.cache.FillEngine;
import dev.wharf.cache.FreshnessPolicy;
import dev.wharf.config.RepositoryConfig;
import dev.wharf.config.WharfConfig;
import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.coord.Coordination;
import dev.wharf.storage.meta.MetadataStore;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The shared services a format serves its repositories with: the configuration, its own repositories, the
 * stores, the fill engine and the freshness policy of the cache core, upstreams for its remotes, an
 * executor for blocking file work, the clock, and access control (who may read and write what; the
 * {@link RepositoryRouter} applies it to every request under {@code /repository/}).
 *
 * @param repositories the configured repositories of this format, in configuration order
 */
public record FormatContext(WharfConfig config, List<RepositoryConfig> repositories, MetadataStore metadata,
                            BlobStore blobs, Coordination coordination, FillEngine fills, FreshnessPolicy freshness,
                            UpstreamFactory upstreams, Executor fileExecutor, Clock clock, AccessControl access) {
    public FormatContext {
        repositories = List.copyOf(repositories);
    }
}
