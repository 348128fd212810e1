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
 * ├── tmp/&lt;uuid&gt;              a writer's bytes when it learns their digest only at commit: completed here,
 * │                          copied to blobs/ and deleted
 * └── uploads/&lt;uuid&gt;/...      reserved for upload sessions (Docker chunked pushes) that any replica continues
 * </pre>
 *
 * <p>The digests are not fanned out into sub-prefixes as on a filesystem: S3 partitions by key on its own,
 * and hex digests spread evenly after {@code blobs/sha256/}. Multipart uploads in progress are not objects;
 * a writer's upload targets {@code blobs/sha256/<hex>} when it knows the digest up front, else
 * {@code tmp/<uuid>}, which is how the reaper tells this store's uploads from those of {@code uploads/}.
 */
final class S3Layout {
    private static final String BLOBS = "blobs/" + Digest.ALGORITHM + "/";
    private static final String STAGING = "tmp/";

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

    String stagingKey(UUID writer) {
        return stagingPrefix() + writer;
    }

    String stagingPrefix() {
        return prefix + STAGING;
    }

    /** The digest a key under {@code blobs/} names, or empty for a key that is not a blob. */
    Optional<Digest> digestOf(String key) {
        if (!key.startsWith(blobsPrefix())) {
            return Optional.empty();
        }
        String name = key.substring(blobsPrefix().length());
        return Digest.isValid(Digest.ALGORITHM + ":" + name) ? Optional.of(new Digest(name)) : Optional.empty();
    }

    /** True for the keys a writer of this store uploads to: its multipart uploads are the reaper's to abort. */
    boolean isWriterKey(String key) {
        return key.startsWith(blobsPrefix()) || key.startsWith(stagingPrefix());
    }
}
