package dev.wharf.storage.blob;

import dev.wharf.codec.Digest;
import java.time.Instant;
import java.util.Objects;

/**
 * A stored blob as a listing sees it, for garbage collection: a blob that no metadata references is removed
 * only once it is older than a grace period, so that a fill committing it right now is not undone.
 *
 * @param digest       the blob's sha256
 * @param size         its size in bytes
 * @param lastModified when it was last committed, a commit of the blob while it existed included (a file's
 *                     modification time; on S3 the newer of the object's and its re-commit marker's Last-Modified)
 */
public record BlobInfo(Digest digest, long size, Instant lastModified) {
    public BlobInfo {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(lastModified, "lastModified");
        if (size < 0) {
            throw new IllegalArgumentException("size: " + size + " (expected: >= 0)");
        }
    }
}
