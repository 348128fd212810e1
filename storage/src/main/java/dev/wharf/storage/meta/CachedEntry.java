package dev.wharf.storage.meta;

import dev.wharf.codec.Digest;
import java.time.Instant;
import java.util.Objects;

/**
 * One cached artifact of a remote repository: the repository-relative path (for Docker, e.g.
 * {@code library/alpine/manifests/latest} or {@code blobs/sha256:...}) and the blob holding its bytes.
 * A resource whose protocol negotiates by {@code Accept} is cached once per media type served, each copy
 * an entry of its own {@link #variant}; everything else has the one variant {@code ""}.
 *
 * @param variant      which negotiated representation this is (the media type served), never null;
 *                     {@code ""} when the path has only one
 * @param etag         the upstream's ETag, or null
 * @param lastModified the upstream's Last-Modified, or null
 * @param mediaType    the upstream Content-Type, or null
 */
public record CachedEntry(String repoKey, String path, String variant, Digest digest, long size, String mediaType,
                          String etag, String lastModified, Instant fetchedAt, Instant lastAccess) {
    public CachedEntry {
        Objects.requireNonNull(repoKey, "repoKey");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
        Objects.requireNonNull(lastAccess, "lastAccess");
        if (size < 0) {
            throw new IllegalArgumentException("size: " + size + " (expected: >= 0)");
        }
    }

    /** The only variant of a path that is not negotiated: variant {@code ""}. */
    public CachedEntry(String repoKey, String path, Digest digest, long size, String mediaType,
                       String etag, String lastModified, Instant fetchedAt, Instant lastAccess) {
        this(repoKey, path, "", digest, size, mediaType, etag, lastModified, fetchedAt, lastAccess);
    }

    /** The same entry, fetched (revalidated) again at {@code when}. */
    public CachedEntry refreshedAt(Instant when) {
        return new CachedEntry(repoKey, path, variant, digest, size, mediaType, etag, lastModified, when, when);
    }

    /** The same entry, last read at {@code when}. */
    public CachedEntry withLastAccess(Instant when) {
        return new CachedEntry(repoKey, path, variant, digest, size, mediaType, etag, lastModified, fetchedAt, when);
    }
}
