package dev.wharf.upstream;

import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.TrustManagerFactory;

/**
 * What every upstream of an {@link UpstreamClient} shares; the limits of one remote (connections, timeouts,
 * credentials) are in {@link RemoteSettings}.
 *
 * @param idleConnectionLifetime  how long an unused pooled connection stays open; default 60 s
 * @param maxRedirects            redirects followed per request; default 5
 * @param maxHeaderSize           bytes of response headers accepted; default 16 KiB
 * @param maxTokenResponseBytes   largest bearer-token response body accepted, and largest token refusal body
 *                                passed on to the caller; default 64 KiB
 * @param trustManager            trust for upstream certificates; null means the JVM's default trust store
 * @param userAgent               the {@code User-Agent} header; default {@code wharf/0.1}
 */
public record UpstreamSettings(Duration idleConnectionLifetime, int maxRedirects, int maxHeaderSize,
                               int maxTokenResponseBytes, TrustManagerFactory trustManager, String userAgent) {
    public UpstreamSettings {
        RemoteSettings.requirePositive(idleConnectionLifetime, "idleConnectionLifetime");
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
        return new UpstreamSettings(Duration.ofSeconds(60), 5, 16 * 1024, 64 * 1024, null, "wharf/0.1");
    }

    /** A copy with another idle connection lifetime. */
    public UpstreamSettings withIdleConnectionLifetime(Duration value) {
        return new UpstreamSettings(value, maxRedirects, maxHeaderSize, maxTokenResponseBytes, trustManager, userAgent);
    }

    /** A copy with another trust manager (null: the JVM's default trust store). */
    public UpstreamSettings withTrustManager(TrustManagerFactory value) {
        return new UpstreamSettings(idleConnectionLifetime, maxRedirects, maxHeaderSize, maxTokenResponseBytes, value,
                userAgent);
    }
}
