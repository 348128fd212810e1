package dev.wharf.format;

import dev.wharf.cache.Committed;
import dev.wharf.cache.Fill;
import dev.wharf.codec.Digest;
import dev.wharf.storage.ByteSources;
import dev.wharf.storage.blob.BlobContent;
import dev.wharf.storage.blob.BlobStore;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The bytes of a small document a repository found (a version list, an index page), for formats that merge or
 * rewrite documents: a stored entry is read from the blob store, a fill is awaited until it committed. Held in
 * memory whole, so only for documents bounded by {@code maxBytes}.
 */
public final class FoundBytes {
    private FoundBytes() {
    }

    /**
     * Completes with the document's bytes, or empty when the repository has none (absent); fails with the fill's
     * or the store's failure, or when the document exceeds {@code maxBytes}. A {@link Found.Described} (a HEAD
     * answer) has no bytes and fails.
     */
    public static CompletableFuture<Optional<byte[]>> read(Found found, BlobStore blobs, int maxBytes) {
        if (found instanceof Found.Absent) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        if (found instanceof Found.Stored stored) {
            return read(stored.entry().digest(), blobs, maxBytes).thenApply(Optional::of);
        }
        if (found instanceof Found.Filling filling) {
            return committed(filling.fill()).thenCompose(c -> read(c.digest(), blobs, maxBytes)).thenApply(Optional::of);
        }
        return CompletableFuture.failedFuture(new IllegalStateException("a HEAD answer has no body"));
    }

    private static CompletableFuture<byte[]> read(Digest digest, BlobStore blobs, int maxBytes) {
        return blobs.open(digest).thenCompose(content -> {
            if (content.isEmpty()) {
                return CompletableFuture.failedFuture(new IllegalStateException("blob " + digest + " is missing from storage"));
            }
            BlobContent blob = content.get();
            return ByteSources.readAll(blob.stream(0, blob.size()), maxBytes, "blob " + digest).whenComplete((b, e) -> blob.close());
        });
    }

    /** Completes once the fill committed, or fails with its failure. */
    private static CompletableFuture<Committed> committed(Fill fill) {
        CompletableFuture<Committed> done = new CompletableFuture<>();
        watch(fill, done);
        return done;
    }

    private static void watch(Fill fill, CompletableFuture<Committed> done) {
        fill.awaitProgress(fill.sendableLimit(), () -> {
            Optional<Committed> committed = fill.committed();
            Optional<Throwable> failure = fill.failure();
            if (committed.isPresent()) {
                done.complete(committed.get());
            } else if (failure.isPresent()) {
                done.completeExceptionally(failure.get());
            } else {
                watch(fill, done);
            }
        });
    }
}
