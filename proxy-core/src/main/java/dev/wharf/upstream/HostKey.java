package dev.wharf.upstream;

import java.net.URI;
import java.util.Locale;

/** Where a connection goes: scheme, host and port; connections are pooled per key. */
record HostKey(String scheme, String host, int port) {

    /** The key of an absolute http or https URI; rejects anything else, and URIs carrying user info. */
    static HostKey of(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("uri scheme: '" + scheme + "' (expected: http or https)");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("uri: " + describe(uri) + " (expected: an absolute URI with a host)");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("uri: " + describe(uri) + " (expected: no user info; pass UpstreamCredentials)");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return new HostKey(scheme, host.toLowerCase(Locale.ROOT), port);
    }

    boolean secure() {
        return scheme.equals("https");
    }

    /** The {@code Host} header value: the port only when it is not the scheme's default. */
    String authority() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return port == (secure() ? 443 : 80) ? h : h + ":" + port;
    }

    /** {@code scheme://host:port/path} for messages: the query may carry signatures, user info credentials. */
    static String describe(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getScheme() + "://" + (uri.getHost() == null ? "?" : uri.getHost())
                + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + path;
    }

    @Override
    public String toString() {
        return scheme + "://" + authority();
    }
}
