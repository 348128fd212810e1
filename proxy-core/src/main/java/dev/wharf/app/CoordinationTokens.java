package dev.wharf.app;

import dev.wharf.storage.coord.Coordination;
import dev.wharf.upstream.SharedCache;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The upstreams' {@link SharedCache} of bearer tokens, kept in the cluster's coordination store (Redis). */
final class CoordinationTokens implements SharedCache {
    private final Coordination coordination;

    CoordinationTokens(Coordination coordination) {
        this.coordination = coordination;
    }

    @Override
    public CompletableFuture<Optional<String>> get(String key) {
        return coordination.cacheGet(key);
    }

    @Override
    public CompletableFuture<Void> put(String key, String value, Duration ttl) {
        return coordination.cachePut(key, value, ttl);
    }
}
