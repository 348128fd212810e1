package dev.wharf.go;

import dev.wharf.config.ConfigException;
import java.net.URI;

/**
 * The options of a Go module remote beyond the common keys:
 * <ul>
 *   <li>{@code sumdb}: the URL of a checksum database the remote also proxies ({@code https://sum.example.com});
 *       clients reach it as {@code /repository/<key>/sumdb/<its host>/...}, and {@code .../supported} answers 200.
 *       Default none: {@code sumdb/} requests answer 404, so the go command talks to its checksum database itself
 *       (or, with {@code GOSUMDB=off}, to none)</li>
 * </ul>
 */
public record GoRemoteOptions(URI sumdb) {
    public GoRemoteOptions {
        if (sumdb != null && (sumdb.getHost() == null || !("http".equals(sumdb.getScheme()) || "https".equals(sumdb.getScheme()))
                || sumdb.getRawQuery() != null)) {
            throw new ConfigException("sumdb", "is not an http or https URL with a host and no query: " + sumdb);
        }
    }

    /** The checksum database's name, as the go command says it: its host. */
    String sumdbName() {
        return sumdb == null ? null : sumdb.getHost();
    }
}
