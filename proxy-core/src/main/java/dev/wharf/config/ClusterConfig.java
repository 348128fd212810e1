package dev.wharf.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * {@code cluster}: what the replicas of one cluster share. Keys:
 * <ul>
 *   <li>{@code secret}: optional, no default; the replicas authenticate each other's internal calls with it; not
 *       blank when given; never printed</li>
 *   <li>{@code advertiseUrl}: optional, the {@code http(s)://HOST:PORT} at which the other replicas reach this
 *       one (in Kubernetes {@code http://${POD_IP}:8080}); absent means this host's address and
 *       {@code server.port}</li>
 * </ul>
 */
public record ClusterConfig(String secret, String advertiseUrl) {
    public ClusterConfig {
        if (secret != null) {
            Check.requiredText(secret, "secret");
        }
        if (advertiseUrl != null) {
            checkAdvertiseUrl(advertiseUrl);
        }
    }

    /** Tells whether a secret is set, never the secret. */
    @Override
    public String toString() {
        return "ClusterConfig[secret=" + Redaction.secret(secret) + ", advertiseUrl=" + advertiseUrl + "]";
    }

    private static void checkAdvertiseUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean bare = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getUserInfo() == null
                    && bare && uri.getRawQuery() == null) {
                return;
            }
        } catch (URISyntaxException e) {
            // reported below, like any other value that is not a bare http(s) URL
        }
        throw new ConfigException("advertiseUrl", Check.quote(url) + " is not an http(s)://HOST:PORT URL");
    }
}
