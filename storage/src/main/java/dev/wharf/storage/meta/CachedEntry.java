package dev.wharf.storage.meta;

import dev.wharf.codec.Digest;
import dev.wharf.codec.Printable;
import java.time.Instant;
import java.util.Objects;

/**
 * One cached artifact of a remote repository: the repository-relative path (for Docker, e.g.
 * {@code library/alpine/manifests/latest} or {@code blobs/sha256:...}) and the blob holding its bytes.
 * A resource whose protocol negotiates by {@code Accept} is cached once per media type served, each copy
 * an entry of its own {@link #variant}; everything else has the one variant {@code ""}.
 *
 * <p>Every metadata store stores text up to the {@code MAX_*_LENGTH} limits below (the widths of its
 * columns), counted in Java {@code char}s, which is never fewer than the characters a database counts.
 * A longer value, or one no store could keep as UTF-8 text, is refused here with an
 * {@link IllegalArgumentException}, before any store sees it; callers holding upstream values check them
 * against these limits first. Not storable: a NUL character (PostgreSQL text cannot hold one) and a
 * surrogate without its pair (no UTF-8 for it: PostgreSQL's driver sends {@code ?} instead, so such a
 * key would silently name another entry). See {@link #isStorable}.
 *
 * @param variant      which negotiated representation this is (the media type served), never null;
 *                     {@code ""} when the path has only one
 * @param etag         the upstream's ETag, or null
 * @param lastModified the upstream's Last-Modified, or null
 * @param mediaType    the upstream Content-Type, or null
 */
public record CachedEntry(String repoKey, String path, String variant, Digest digest, long size, String mediaType,
                          String etag, String lastModified, Instant fetchedAt, Instant lastAccess) {
    /** The longest repository key stored (repository keys are at most 64 characters by definition). */
    public static final int MAX_REPO_KEY_LENGTH = 64;
    /** The longest path stored. */
    public static final int MAX_PATH_LENGTH = 4096;
    /** The longest variant stored: a media type, whose type and subtype are at most 127 characters each. */
    public static final int MAX_VARIANT_LENGTH = 255;
    /** The longest media type (an upstream Content-Type) stored. */
    public static final int MAX_MEDIA_TYPE_LENGTH = 1024;
    /** The longest ETag stored. */
    public static final int MAX_ETAG_LENGTH = 1024;
    /** The longest Last-Modified value stored (an HTTP date is 29 characters). */
    public static final int MAX_LAST_MODIFIED_LENGTH = 128;

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
        checkStorable("repoKey", repoKey, MAX_REPO_KEY_LENGTH);
        checkStorable("path", path, MAX_PATH_LENGTH);
        checkStorable("variant", variant, MAX_VARIANT_LENGTH);
        checkStorable("mediaType", mediaType, MAX_MEDIA_TYPE_LENGTH);
        checkStorable("etag", etag, MAX_ETAG_LENGTH);
        checkStorable("lastModified", lastModified, MAX_LAST_MODIFIED_LENGTH);
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

    private static void checkStorable(String name, String value, int maxLength) {
        if (value == null) {
            return;
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(String.format("%s: %d characters, %s (expected: at most %d)",
                    name, value.length(), Printable.of(value), maxLength));
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(String.format("%s: %s (expected: no NUL character)",
                    name, Printable.of(value)));
        }
        if (!isStorable(value)) {
            throw new IllegalArgumentException(String.format("%s: %s (expected: surrogates only in pairs)",
                    name, Printable.of(value)));
        }
    }

    /**
     * Whether every store can keep {@code text} as it is: it holds no NUL character and no unpaired
     * surrogate. A key that fails this names no entry, so stores answer lookups of it without a query.
     */
    static boolean isStorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0' || Character.isLowSurrogate(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }
}
