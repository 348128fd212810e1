package dev.wharf.config;

import java.time.Duration;

/**
 * {@code repositories[].upstream}: how a remote talks to its upstream host (remote only). Keys, with their defaults:
 * <ul>
 *   <li>{@code maxConnections}: connections open to the upstream host at most, in total, default 64, 2..4096</li>
 *   <li>{@code maxBlobConnections}: how many of those may carry blob bodies at once, default 48, at least 1 and less
 *       than {@code maxConnections}, so that metadata and token requests always have a connection left</li>
 *   <li>{@code connectTimeout}: how long a connection may take to open, default {@code 10s}, more than 0</li>
 *   <li>{@code readTimeout}: how long the upstream may send nothing while a response is expected or streams,
 *       default {@code 30s}, more than 0</li>
 *   <li>{@code revalidationTimeout}: how long a conditional request revalidating stale metadata may take before the
 *       stale copy is served, default {@code 5s}, more than 0 and at most {@code readTimeout}</li>
 * </ul>
 */
public record UpstreamConfig(@Default("64") int maxConnections, @Default("48") int maxBlobConnections,
                             @Default("10s") Duration connectTimeout, @Default("30s") Duration readTimeout,
                             @Default("5s") Duration revalidationTimeout) {
    /** Every key at its default. */
    public static final UpstreamConfig DEFAULTS = new UpstreamConfig(64, 48, Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(5));

    public UpstreamConfig {
        Check.inRange(maxConnections, 2, 4096, "maxConnections");
        Check.inRange(maxBlobConnections, 1, maxConnections - 1, "maxBlobConnections");
        Check.positive(connectTimeout, "connectTimeout");
        Check.positive(readTimeout, "readTimeout");
        Check.positive(revalidationTimeout, "revalidationTimeout");
        if (revalidationTimeout.compareTo(readTimeout) > 0) {
            throw new ConfigException("revalidationTimeout", DurationSyntax.format(revalidationTimeout)
                    + " is longer than readTimeout (" + DurationSyntax.format(readTimeout) + ")");
        }
    }
}
