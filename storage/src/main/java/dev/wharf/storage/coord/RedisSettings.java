package dev.wharf.storage.coord;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link RedisCoordination} reaches Redis, and how quickly it gives up on it. Each limit, with its default:
 * <ul>
 *   <li>{@code url}: {@code redis://[:PASSWORD@]HOST[:PORT]}, or {@code rediss://...} for TLS; required, and its
 *       password is never printed</li>
 *   <li>{@code keyPrefix}: {@code wharf:}; every key and the release channel start with it, so that deployments
 *       and test runs sharing one Redis do not collide</li>
 *   <li>{@code commandTimeout}: 500 ms; bounds every Redis call, past which the call falls back to in-process
 *       coordination and an outage begins</li>
 *   <li>{@code connectTimeout}: 2 s; bounds each connection attempt, the constructor's first one included</li>
 *   <li>{@code probeInterval}: 1 s; how often a PING checks Redis (an outage ends at the first answer), and the
 *       longest pause between reconnection attempts</li>
 *   <li>{@code recheckInterval}: 1 s; the longest a waiter for a lease held elsewhere goes without re-reading it,
 *       since an expiry sends no release message and a message is lost while the subscription reconnects</li>
 * </ul>
 */
public record RedisSettings(String url, String keyPrefix, Duration commandTimeout, Duration connectTimeout,
                            Duration probeInterval, Duration recheckInterval) {
    /** The key prefix when none is given. */
    public static final String DEFAULT_KEY_PREFIX = "wharf:";

    /** Checks every setting. */
    public RedisSettings {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new IllegalArgumentException("url: \"" + redacted(url)
                    + "\" (expected: redis://[:PASSWORD@]HOST[:PORT] or rediss://...)");
        }
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        requirePositive(commandTimeout, "commandTimeout");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(probeInterval, "probeInterval");
        requirePositive(recheckInterval, "recheckInterval");
    }

    /** The defaults for Redis at {@code url}. */
    public static RedisSettings of(String url) {
        return new RedisSettings(url, DEFAULT_KEY_PREFIX, Duration.ofMillis(500), Duration.ofSeconds(2),
                Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    /** These settings with {@code keyPrefix}. */
    public RedisSettings withKeyPrefix(String keyPrefix) {
        return new RedisSettings(url, keyPrefix, commandTimeout, connectTimeout, probeInterval, recheckInterval);
    }

    /** Masks the password in the url. */
    @Override
    public String toString() {
        return "RedisSettings[url=" + redacted(url) + ", keyPrefix=" + keyPrefix + ", commandTimeout=" + commandTimeout
                + ", connectTimeout=" + connectTimeout + ", probeInterval=" + probeInterval
                + ", recheckInterval=" + recheckInterval + "]";
    }

    /** {@code url} with whatever stands before an {@code @} in its authority (user and password) masked. */
    static String redacted(String url) {
        return url.replaceFirst("^([a-z]+://)[^@/]*@", "$1***@");
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + ": " + duration + " (expected: > 0)");
        }
    }
}
