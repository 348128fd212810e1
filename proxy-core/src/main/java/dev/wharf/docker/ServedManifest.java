package dev.wharf.docker;

import dev.wharf.codec.Digest;
import dev.wharf.server.CacheStatus;
import dev.wharf.storage.meta.CachedEntry;

/**
 * A manifest to answer with, from any kind of repository.
 *
 * @param body    the bytes, or null when only the headers are wanted (a HEAD)
 * @param warning the {@code Warning} header for a stale answer, else null
 */
record ServedManifest(Digest digest, long size, String mediaType, byte[] body, CacheStatus status, String warning) {
    static ServedManifest of(CachedEntry entry, byte[] body, CacheStatus status, String warning) {
        return new ServedManifest(entry.digest(), entry.size(), entry.mediaType(), body, status, warning);
    }
}
