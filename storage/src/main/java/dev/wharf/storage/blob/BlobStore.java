package dev.wharf.storage.blob;

import dev.wharf.codec.Digest;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Content-addressed blob storage keyed by sha256. Blobs become visible only through
 * {@link BlobWriter#commit}, after their digest checked out; every method is non-blocking.
 */
public interface BlobStore extends AutoCloseable {
    /** The size of a stored blob, or empty when it is absent. */
    CompletableFuture<Optional<Long>> stat(Digest digest);

    /** Opens a stored blob for reading, or empty when it is absent. The caller closes the content. */
    CompletableFuture<Optional<BlobContent>> open(Digest digest);

    /** Starts a new blob; nothing is visible until the writer commits. */
    BlobWriter writer();

    /**
     * Starts a new blob whose digest the caller knows up front (the protocol named it), to be committed with
     * {@link BlobWriter#commit(Digest) commit(expected)} naming the same digest; nothing is visible until then.
     * A store may use the digest early: S3 uploads the parts straight to the blob's final key and completes
     * the upload only after the bytes checked out, where a writer that learns its digest at commit has to
     * upload elsewhere and copy. By default the same as {@link #writer()}.
     */
    default BlobWriter writer(Digest expected) {
        Objects.requireNonNull(expected, "expected");
        return writer();
    }

    /** Removes a blob; completes with whether it existed. */
    CompletableFuture<Boolean> delete(Digest digest);

    /** Calls {@code visitor} once per stored blob (in no particular order), for garbage collection. */
    CompletableFuture<Void> forEach(Consumer<Digest> visitor);

    /**
     * Calls {@code visitor} once per stored blob (in no particular order) with its size and age, for garbage
     * collection with a grace period and for eviction by size.
     */
    CompletableFuture<Void> forEachInfo(Consumer<BlobInfo> visitor);

    /**
     * True when the blobs live in local files: then writers have a {@link BlobWriter#stagingFile()} that
     * followers can read while a fill runs, and contents offer a {@link BlobContent#file()} for zero-copy
     * transfers. False by default, which is always safe: callers then spool locally and stream.
     */
    default boolean isLocal() {
        return false;
    }

    /**
     * A short-lived URL from which a client can GET the blob straight from the store, without Wharf's
     * credentials, or empty when the store has none (a local store).
     */
    default Optional<URI> presignGet(Digest digest, Duration ttl) {
        return Optional.empty();
    }

    /** Releases threads and connections. */
    @Override
    void close();
}
