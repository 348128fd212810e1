package dev.wharf.format;

import dev.wharf.cache.Fill;
import dev.wharf.server.CacheStatus;
import dev.wharf.storage.meta.CachedEntry;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * What a repository has for a request: a stored file, one being filled, for a HEAD of uncached content the
 * upstream's description of it, or nothing.
 */
public sealed interface Found {
    /** How it was obtained, for the access log. */
    CacheStatus status();

    /** A stored file: its entry; {@code warning} is the {@code Warning} header value when it is stale, else null. */
    record Stored(CachedEntry entry, CacheStatus status, String warning) implements Found {
    }

    /** A file being fetched: follow the fill. */
    record Filling(Fill fill, CacheStatus status) implements Found {
    }

    /** Nothing at that path (or, for a remote, nothing upstream: {@code why} says). */
    record Absent(String why) implements Found {
        @Override
        public CacheStatus status() {
            return CacheStatus.NONE;
        }
    }

    /** The upstream's answer to a HEAD of content not cached: its headers, passed on. */
    record Described(HttpHeaders headers, CacheStatus status) implements Found {
    }
}
