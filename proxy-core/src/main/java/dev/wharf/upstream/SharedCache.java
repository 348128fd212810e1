package dev.wharf.upstream;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A cache the replicas of a cluster share (their coordination store: Redis), where upstreams keep the bearer
 * tokens they fetched so that the other replicas reuse them instead of asking the token service again. Entries
 * expire by themselves after their ttl. A failing cache only costs a token fetch; it never fails a request.
 */
public interface SharedCache {
    /** One replica alone: nothing is shared. */
    SharedCache NONE = new SharedCache() {
        @Override
        public CompletableFuture<Optional<String>> get(String key) {
            return CompletableFuture.completedFuture(Optional.empty());
        }

        @Override
        public CompletableFuture<Void> put(String key, String value, Duration ttl) {
            return CompletableFuture.completedFuture(null);
        }
    };

    /** The value under {@code key}, or empty when there is none (or it expired). */
    CompletableFuture<Optional<String>> get(String key);

    /** Keeps {@code value} under {@code key} for {@code ttl}. */
    CompletableFuture<Void> put(String key, String value, Duration ttl);
}
