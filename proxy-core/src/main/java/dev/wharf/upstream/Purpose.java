package dev.wharf.upstream;

import java.util.Locale;

/**
 * What a request is for, which picks the connection pool it runs on: blob bodies are long transfers, and
 * kept in a pool of their own they cannot take every connection from the short requests a client waits
 * on.
 */
public enum Purpose {
    /** A blob body: long streamed transfers, on at most {@link RemoteSettings#maxBlobConnections()} per host. */
    BLOB,
    /** Manifests, tags, index pages, HEADs and bearer-token requests, on the remaining connections. */
    METADATA;

    /** The lower-case name used in messages and metrics. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
