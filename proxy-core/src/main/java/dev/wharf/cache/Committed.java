package dev.wharf.cache;

import dev.wharf.codec.Digest;
import java.util.Objects;

/** A blob a fill committed: its content address (sha256), size and the upstream's content type (may be null). */
public record Committed(Digest digest, long size, String contentType) {
    public Committed {
        Objects.requireNonNull(digest, "digest");
        if (size < 0) {
            throw new IllegalArgumentException("size: " + size + " (expected: >= 0)");
        }
    }
}
