package dev.wharf.docker;

import dev.wharf.codec.Digest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A bounded least-recently-used memory cache of manifest bytes by digest, so hot manifests are served
 * without a storage read. Manifests are immutable by digest, so entries never go stale.
 */
final class ManifestBytesCache {
    private final long maxBytes;
    private long bytes;
    private final LinkedHashMap<Digest, byte[]> entries = new LinkedHashMap<>(64, 0.75f, true);

    ManifestBytesCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    synchronized Optional<byte[]> get(Digest digest) {
        return Optional.ofNullable(entries.get(digest));
    }

    synchronized void put(Digest digest, byte[] content) {
        if (content.length > maxBytes / 4) {
            return;
        }
        byte[] previous = entries.put(digest, content);
        bytes += content.length - (previous == null ? 0 : previous.length);
        var it = entries.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            Map.Entry<Digest, byte[]> eldest = it.next();
            bytes -= eldest.getValue().length;
            it.remove();
        }
    }
}
