package dev.wharf.storage.blob.s3;

import dev.wharf.codec.Digest;
import java.util.Optional;
import java.util.UUID;

/**
 * The keys of an {@link S3BlobStore}, all under its prefix:
 *
 * <pre>
 * &lt;prefix&gt;
 * ├── blobs/sha256/&lt;64 hex&gt;   committed blobs, only ever written whole and verified: a PUT, a completed
 * │                          multipart upload or a server-side copy, each atomic on S3
 * ├── commits/sha256/&lt;64 hex&gt; an empty marker per blob committed again while it existed: its Last-Modified
 * │                          is the blob's age for garbage collection (see {@link RecommitMarks})
 * ├── tmp/&lt;uuid&gt;              a writer's bytes when it learns their digest only at commit: completed here,
 * │                          copied to blobs/ and deleted
 * └── uploads/&lt;uuid&gt;/         an upload session (a Docker chunked push) that any replica continues:
 *     ├── started            its marker, an empty object: the session exists while the marker does
 *     ├── 0000000000000000000   its chunks, one object each, named by their offset (19 digits), each written whole
 *     └── 0000000000000065536   with If-None-Match: *, so that of two appends at one offset one wins
 * </pre>
 *
 * <p>The digests are not fanned out into sub-prefixes as on a filesystem: S3 partitions by key on its own,
 * and hex digests spread evenly after {@code blobs/sha256/}. Multipart uploads in progress are not objects;
 * a writer's upload targets {@code blobs/sha256/<hex>} when it knows the digest up front, else
 * {@code tmp/<uuid>}, which is how the reaper tells writers' uploads from those of sessions' chunks larger than a
 * part, which target their chunk's key under {@code uploads/}.
 */
final class S3Layout {
    private static final String BLOBS = "blobs/" + Digest.ALGORITHM + "/";
    private static final String COMMITS = "commits/" + Digest.ALGORITHM + "/";
    private static final String STAGING = "tmp/";
    private static final String UPLOADS = "uploads/";
    private static final String SESSION_MARKER = "started";
    private static final int OFFSET_DIGITS = 19;

    private final String prefix;

    /** {@code prefix} is "" or ends with {@code /}, as {@link S3Settings} makes it. */
    S3Layout(String prefix) {
        this.prefix = prefix;
    }

    /** Everything of this store lies under this. */
    String prefix() {
        return prefix;
    }

    String blobKey(Digest digest) {
        return blobsPrefix() + digest.hex();
    }

    String blobsPrefix() {
        return prefix + BLOBS;
    }

    String commitKey(Digest digest) {
        return commitsPrefix() + digest.hex();
    }

    String commitsPrefix() {
        return prefix + COMMITS;
    }

    /** The digest a re-commit marker under {@code commits/} names, or empty for any other key. */
    Optional<Digest> recommittedDigestOf(String key) {
        return hexUnder(commitsPrefix(), key);
    }

    String stagingKey(UUID writer) {
        return stagingPrefix() + writer;
    }

    String stagingPrefix() {
        return prefix + STAGING;
    }

    String uploadsPrefix() {
        return prefix + UPLOADS;
    }

    /** Everything of the upload session {@code upload} lies under this. */
    String sessionPrefix(UUID upload) {
        return uploadsPrefix() + upload + "/";
    }

    String sessionMarker(UUID upload) {
        return sessionPrefix(upload) + SESSION_MARKER;
    }

    /** The key of the chunk of {@code upload} that starts at {@code offset}: the offset zero-padded to 19 digits. */
    String chunkKey(UUID upload, long offset) {
        String digits = Long.toString(offset);
        return sessionPrefix(upload) + "0".repeat(OFFSET_DIGITS - digits.length()) + digits;
    }

    /** The upload session a key under {@code uploads/} belongs to, or empty for any other key. */
    Optional<UUID> sessionOf(String key) {
        if (!key.startsWith(uploadsPrefix())) {
            return Optional.empty();
        }
        int end = key.indexOf('/', uploadsPrefix().length());
        if (end < 0) {
            return Optional.empty();
        }
        String name = key.substring(uploadsPrefix().length(), end);
        try {
            UUID upload = UUID.fromString(name);
            return upload.toString().equals(name) ? Optional.of(upload) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The offset a key of session {@code upload} names, or -1 for a key that is not one of its chunks. */
    long chunkOffset(UUID upload, String key) {
        String session = sessionPrefix(upload);
        if (!key.startsWith(session) || key.length() != session.length() + OFFSET_DIGITS) {
            return -1;
        }
        String name = key.substring(session.length());
        if (!name.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        try {
            return Long.parseLong(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The digest a key under {@code blobs/} names, or empty for a key that is not a blob. */
    Optional<Digest> digestOf(String key) {
        return hexUnder(blobsPrefix(), key);
    }

    private static Optional<Digest> hexUnder(String under, String key) {
        if (!key.startsWith(under)) {
            return Optional.empty();
        }
        String name = key.substring(under.length());
        return Digest.isValid(Digest.ALGORITHM + ":" + name) ? Optional.of(new Digest(name)) : Optional.empty();
    }

    /** True for the keys a writer of this store uploads to: its multipart uploads are the reaper's to abort. */
    boolean isWriterKey(String key) {
        return key.startsWith(blobsPrefix()) || key.startsWith(stagingPrefix());
    }
}
