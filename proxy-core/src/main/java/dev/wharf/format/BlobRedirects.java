package dev.wharf.format;

import dev.wharf.codec.Digest;
import dev.wharf.storage.blob.BlobStore;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether a GET of stored content is answered with a {@code 307} to a short-lived presigned URL of the blob
 * store ({@code storage.blobs.redirect}), so that clients read it straight from S3. The URL carries its own
 * signature, never Wharf's credentials or the client's.
 */
public final class BlobRedirects {
    /** Long enough for a client to follow the redirect and start reading, short enough not to be shared around. */
    static final Duration TTL = Duration.ofMinutes(5);
    private static final BlobRedirects NONE = new BlobRedirects(null);

    private final BlobStore store;

    private BlobRedirects(BlobStore store) {
        this.store = store;
    }

    /** Redirects when the configuration asks for them; a store without presigned URLs serves hits itself. */
    public static BlobRedirects of(FormatContext context) {
        return context.config().storage().blobs().redirect() ? new BlobRedirects(context.blobs()) : NONE;
    }

    /** Where the client should GET the blob instead, if anywhere. */
    Optional<URI> location(Digest digest) {
        return store == null ? Optional.empty() : store.presignGet(digest, TTL);
    }
}
