package dev.wharf.terraform;

import dev.wharf.server.CacheStatus;

/**
 * A value read from a repository: how its document was obtained (for the access log), and the {@code Warning}
 * header value when it came from a stale copy, else null.
 */
record Fetched<T>(T value, String warning, CacheStatus status) {
    /** A value a repository has itself (stored, or computed from what it stores). */
    static <T> Fetched<T> stored(T value) {
        return new Fetched<>(value, null, CacheStatus.HIT);
    }

    /** Another value from the same copy, keeping its warning and status. */
    <U> Fetched<U> with(U other) {
        return new Fetched<>(other, warning, status);
    }

    /** The same, also derived from {@code other}: warned when either is stale. */
    Fetched<T> alsoFrom(Fetched<?> other) {
        return new Fetched<>(value, warning != null ? warning : other.warning(), status);
    }
}
