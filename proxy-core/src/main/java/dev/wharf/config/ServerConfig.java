package dev.wharf.config;

import java.time.Duration;

/**
 * {@code server}: where and how Wharf listens. Keys, with their defaults:
 * <ul>
 *   <li>{@code bindAddress}: default {@code 0.0.0.0}, not blank</li>
 *   <li>{@code port}: default 8080, 0..65535 (0 binds any free port, for tests)</li>
 *   <li>{@code tls}: optional, see {@link TlsConfig}; null means plain HTTP</li>
 *   <li>{@code limits}: see {@link Limits}</li>
 *   <li>{@code idleTimeout}: a connection idle this long is closed, default {@code 60s}, more than 0</li>
 *   <li>{@code shutdownGrace}: how long a shutdown waits for requests in flight, default {@code 30s}, 0s or more</li>
 * </ul>
 */
public record ServerConfig(@Default("0.0.0.0") String bindAddress, @Default("8080") int port,
                           @OptionalSection TlsConfig tls, Limits limits, @Default("60s") Duration idleTimeout,
                           @Default("30s") Duration shutdownGrace) {
    public static final String DEFAULT_BIND_ADDRESS = "0.0.0.0";
    public static final int DEFAULT_PORT = 8080;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

    public ServerConfig {
        Check.requiredText(bindAddress, "bindAddress");
        Check.inRange(port, 0, 65535, "port");
        Check.required(limits, "limits");
        Check.positive(idleTimeout, "idleTimeout");
        Check.notNegative(shutdownGrace, "shutdownGrace");
    }

    /** Plain HTTP on {@code port} with every other key at its default. */
    public static ServerConfig onPort(int port) {
        return new ServerConfig(DEFAULT_BIND_ADDRESS, port, null, Limits.DEFAULTS, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_SHUTDOWN_GRACE);
    }
}
