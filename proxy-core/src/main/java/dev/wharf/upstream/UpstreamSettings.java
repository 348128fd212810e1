package dev.wharf.upstream;

import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.TrustManagerFactory;

/**
 * Limits and options of an {@link UpstreamClient}.
 *
 * @param connectTimeout          TCP connect, and separately the TLS handshake; default 10 s
 * @param readTimeout             longest time without a single byte while a response is expected (the head,
 *                                or body bytes the consumer asked for); also the longest wait for a free
 *                                pooled connection; default 60 s
 * @param maxConnectionsPerHost   open connections per (scheme, host, port); more requests wait; default 64
 * @param idleConnectionLifetime  how long an unused pooled connection stays open; default 60 s
 * @param maxRedirects            redirects followed per request; default 5
 * @param maxHeaderSize           bytes of response headers accepted; default 16 KiB
 * @param maxTokenResponseBytes   largest bearer-token response body accepted; default 64 KiB
 * @param trustManager            trust for upstream certificates; null means the JVM's default trust store
 * @param userAgent               the {@code User-Agent} header; default {@code wharf/0.1}
 */
public record UpstreamSettings(Duration connectTimeout, Duration readTimeout, int maxConnectionsPerHost,
                               Duration idleConnectionLifetime, int maxRedirects, int maxHeaderSize,
                               int maxTokenResponseBytes, TrustManagerFactory trustManager, String userAgent) {
    public UpstreamSettings {
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        requirePositive(idleConnectionLifetime, "idleConnectionLifetime");
        if (maxConnectionsPerHost < 1) {
            throw new IllegalArgumentException("maxConnectionsPerHost: " + maxConnectionsPerHost + " (expected: >= 1)");
        }
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects: " + maxRedirects + " (expected: >= 0)");
        }
        if (maxHeaderSize < 1024) {
            throw new IllegalArgumentException("maxHeaderSize: " + maxHeaderSize + " (expected: >= 1024)");
        }
        if (maxTokenResponseBytes < 1) {
            throw new IllegalArgumentException("maxTokenResponseBytes: " + maxTokenResponseBytes + " (expected: >= 1)");
        }
        Objects.requireNonNull(userAgent, "userAgent");
    }

    /** The defaults listed on the type. */
    public static UpstreamSettings defaults() {
        return new UpstreamSettings(Duration.ofSeconds(10), Duration.ofSeconds(60), 64, Duration.ofSeconds(60), 5,
                16 * 1024, 64 * 1024, null, "wharf/0.1");
    }

    /** A copy with another connect timeout. */
    public UpstreamSettings withConnectTimeout(Duration value) {
        return new UpstreamSettings(value, readTimeout, maxConnectionsPerHost, idleConnectionLifetime, maxRedirects,
                maxHeaderSize, maxTokenResponseBytes, trustManager, userAgent);
    }

    /** A copy with another read timeout. */
    public UpstreamSettings withReadTimeout(Duration value) {
        return new UpstreamSettings(connectTimeout, value, maxConnectionsPerHost, idleConnectionLifetime, maxRedirects,
                maxHeaderSize, maxTokenResponseBytes, trustManager, userAgent);
    }

    /** A copy with another idle connection lifetime. */
    public UpstreamSettings withIdleConnectionLifetime(Duration value) {
        return new UpstreamSettings(connectTimeout, readTimeout, maxConnectionsPerHost, value, maxRedirects,
                maxHeaderSize, maxTokenResponseBytes, trustManager, userAgent);
    }

    /** A copy with another trust manager (null: the JVM's default trust store). */
    public UpstreamSettings withTrustManager(TrustManagerFactory value) {
        return new UpstreamSettings(connectTimeout, readTimeout, maxConnectionsPerHost, idleConnectionLifetime,
                maxRedirects, maxHeaderSize, maxTokenResponseBytes, value, userAgent);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
        }
    }
}
