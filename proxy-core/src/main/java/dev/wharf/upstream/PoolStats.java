package dev.wharf.upstream;

/**
 * A snapshot of one connection pool of an {@link Upstream}, for metrics.
 *
 * @param purpose  what the pool's connections carry
 * @param origin   {@code scheme://host[:port]} of the upstream host
 * @param max      the pool's size
 * @param acquired connections in use (or being opened) for requests
 * @param pending  requests waiting for a connection
 */
public record PoolStats(Purpose purpose, String origin, int max, int acquired, int pending) {
}
