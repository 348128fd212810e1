package dev.wharf.upstream;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The upstream of one remote repository, as {@link UpstreamClient#remote} takes it.
 *
 * @param baseUri            the remote's URL, an absolute http or https URI without user info
 * @param maxConnections     open connections per upstream host (scheme, host, port), blob and metadata together;
 *                           default 64
 * @param maxBlobConnections how many of those may carry blob bodies; the other {@code maxConnections -
 *                           maxBlobConnections} serve metadata and token requests, so that long blob transfers never
 *                           hold every connection; default 48; {@code 1 <= maxBlobConnections < maxConnections}
 * @param connectTimeout     TCP connect, and separately the TLS handshake; default 10 s
 * @param readTimeout        longest time without a single byte while a response is expected (the head, or body bytes
 *                           the consumer asked for), and longest wait for a free pooled connection; a request may set
 *                           its own ({@link UpstreamRequest#readTimeout()}); default 30 s
 * @param tokenRealms        hosts, besides the base URI's own, whose bearer-token realms may be sent the credentials,
 *                           e.g. {@code auth.docker.io} for Docker Hub; host names or IP literals, without scheme or
 *                           port; default none. A realm elsewhere is refused when there are credentials (and asked
 *                           anonymously when there are none); whatever the list says, an https upstream gets no
 *                           tokens over plain http, and no realm on a loopback, link-local or private address is
 *                           followed unless the upstream's own host is on one
 * @param credentials        the upstream account, or null for anonymous access; sent only after a challenge asks for
 *                           it, never to another host after a redirect, and to a token realm only on the base URI's
 *                           host or one of {@code tokenRealms}
 */
public record RemoteSettings(URI baseUri, int maxConnections, int maxBlobConnections, Duration connectTimeout,
                             Duration readTimeout, List<String> tokenRealms, UpstreamCredentials credentials) {
    public static final int DEFAULT_MAX_CONNECTIONS = 64;
    public static final int DEFAULT_MAX_BLOB_CONNECTIONS = 48;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

    public RemoteSettings {
        Objects.requireNonNull(baseUri, "baseUri");
        HostKey.of(baseUri);
        if (maxConnections < 2) {
            throw new IllegalArgumentException("maxConnections: " + maxConnections + " (expected: >= 2)");
        }
        if (maxBlobConnections < 1 || maxBlobConnections >= maxConnections) {
            throw new IllegalArgumentException("maxBlobConnections: " + maxBlobConnections
                    + " (expected: >= 1 and < maxConnections, " + maxConnections + ")");
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        tokenRealms = normalizedHosts(tokenRealms);
    }

    /** {@code baseUri} with the defaults listed on the type and no credentials. */
    public static RemoteSettings of(URI baseUri) {
        return new RemoteSettings(baseUri, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_BLOB_CONNECTIONS, DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_READ_TIMEOUT, List.of(), null);
    }

    /** A copy with other connection limits. */
    public RemoteSettings withConnections(int max, int maxBlob) {
        return new RemoteSettings(baseUri, max, maxBlob, connectTimeout, readTimeout, tokenRealms, credentials);
    }

    /** A copy with another connect timeout. */
    public RemoteSettings withConnectTimeout(Duration value) {
        return new RemoteSettings(baseUri, maxConnections, maxBlobConnections, value, readTimeout, tokenRealms, credentials);
    }

    /** A copy with another read timeout. */
    public RemoteSettings withReadTimeout(Duration value) {
        return new RemoteSettings(baseUri, maxConnections, maxBlobConnections, connectTimeout, value, tokenRealms, credentials);
    }

    /** A copy with other credentials (null: anonymous). */
    public RemoteSettings withCredentials(UpstreamCredentials value) {
        return new RemoteSettings(baseUri, maxConnections, maxBlobConnections, connectTimeout, readTimeout, tokenRealms, value);
    }

    /** A copy with other token realm hosts. */
    public RemoteSettings withTokenRealms(List<String> value) {
        return new RemoteSettings(baseUri, maxConnections, maxBlobConnections, connectTimeout, readTimeout, value, credentials);
    }

    /** The size of the pool for {@code purpose} on each host. */
    int poolSize(Purpose purpose) {
        return purpose == Purpose.BLOB ? maxBlobConnections : maxConnections - maxBlobConnections;
    }

    /** The hosts as {@link HostKey} spells them (lower case, no brackets); rejects a scheme, port, path or user info. */
    private static List<String> normalizedHosts(List<String> hosts) {
        if (hosts == null) {
            return List.of();
        }
        for (int i = 0; i < hosts.size(); i++) {
            String host = hosts.get(i);
            if (!isHost(host)) {
                throw new IllegalArgumentException("tokenRealms[" + i + "]: '" + host
                        + "' (expected: a host name such as auth.example.com, without scheme, port or path)");
            }
        }
        return hosts.stream().map(h -> HostKey.of(URI.create("https://" + bracketed(h) + "/")).host()).toList();
    }

    private static boolean isHost(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            URI uri = new URI("https://" + bracketed(host) + "/");
            return uri.getHost() != null && uri.getPort() == -1 && uri.getRawUserInfo() == null
                    && uri.getRawPath().equals("/") && uri.getRawQuery() == null && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** An IPv6 literal in brackets, as a URI wants it. */
    private static String bracketed(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
        }
    }
}
