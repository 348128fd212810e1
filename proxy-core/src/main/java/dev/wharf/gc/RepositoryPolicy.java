package dev.wharf.gc;

import dev.wharf.config.RepositoryConfig;
import dev.wharf.config.RepositoryType;
import java.time.Duration;
import java.util.Objects;

/**
 * What garbage collection may do with a repository's cached entries: a remote's may be evicted (by age when it has
 * a {@code maxUnusedAge}, and least recently used first when storage is over {@code storage.maxSize}); a local's
 * never are, and pin the blobs they reference.
 *
 * @param maxUnusedAge how long an entry of a remote may go unread before it is evicted; null: never by age
 */
record RepositoryPolicy(String key, boolean evictable, Duration maxUnusedAge) {
    RepositoryPolicy {
        Objects.requireNonNull(key, "key");
        if (!evictable && maxUnusedAge != null) {
            throw new IllegalArgumentException("maxUnusedAge of " + key + ": only remote entries are evicted");
        }
    }

    /** The policy of a configured repository; virtual repositories hold no entries and have none. */
    static RepositoryPolicy of(RepositoryConfig repository) {
        boolean remote = repository.type() == RepositoryType.REMOTE;
        return new RepositoryPolicy(repository.key(), remote, remote ? repository.maxUnusedAge() : null);
    }
}
