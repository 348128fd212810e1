package dev.wharf.format;

import dev.wharf.config.RepositoryConfig;
import dev.wharf.upstream.Upstream;
import java.util.List;

/** Gives each remote repository its own upstream (its pools, timeouts, token cache and token realms). */
@FunctionalInterface
public interface UpstreamFactory {
    /**
     * The upstream of a remote repository, built from its {@code url}, credentials, {@code upstream} and
     * {@code tokenRealms}; {@code impliedTokenRealms} are realms the format knows the upstream uses (Docker
     * Hub's token service), allowed as if the repository listed them.
     */
    Upstream upstream(RepositoryConfig remote, List<String> impliedTokenRealms);

    /** The upstream of a remote that implies no token realms. */
    default Upstream upstream(RepositoryConfig remote) {
        return upstream(remote, List.of());
    }
}
