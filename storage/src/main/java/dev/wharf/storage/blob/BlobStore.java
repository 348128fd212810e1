package dev.wharf.storage.blob;

import dev.wharf.codec.Digest;
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

    /** Removes a blob; completes with whether it existed. */
    CompletableFuture<Boolean> delete(Digest digest);

    /** Calls {@code visitor} once per stored blob (in no particular order), for garbage collection. */
    CompletableFuture<Void> forEach(Consumer<Digest> visitor);

    /** Releases threads and connections. */
    @Override
    void close();
}
