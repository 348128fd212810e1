package dev.wharf.format;

import dev.wharf.config.RepositoryConfig;
import dev.wharf.upstream.Upstream;

/** Gives each remote repository its own upstream (its pools, timeouts, token cache and token realms). */
@FunctionalInterface
public interface UpstreamFactory {
    /** The upstream of a remote repository, built from its {@code url}, credentials, {@code upstream} and {@code tokenRealms}. */
    Upstream upstream(RepositoryConfig remote);
}
