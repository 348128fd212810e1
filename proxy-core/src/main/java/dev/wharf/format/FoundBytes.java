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
        return read(found, blobs, maxBytes, null);
    }

    /** As {@link #read(Found, BlobStore, int)}, naming the document {@code what} in failures. */
    public static CompletableFuture<Optional<byte[]>> read(Found found, BlobStore blobs, int maxBytes, String what) {
        if (found instanceof Found.Absent) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        if (found instanceof Found.Stored stored) {
            return stored(stored.entry().digest(), blobs, maxBytes, what).thenApply(Optional::of);
        }
        if (found instanceof Found.Filling filling) {
            return committed(filling.fill()).thenCompose(c -> stored(c.digest(), blobs, maxBytes, what)).thenApply(Optional::of);
        }
        return CompletableFuture.failedFuture(new IllegalStateException("a HEAD answer has no body"));
    }

    /** The bytes of the stored blob {@code digest} (the document {@code what}, or null); fails when it has gone. */
    public static CompletableFuture<byte[]> stored(Digest digest, BlobStore blobs, int maxBytes, String what) {
        String named = what == null ? "blob " + digest : what;
        return blobs.open(digest).thenCompose(content -> {
            if (content.isEmpty()) {
                return CompletableFuture.failedFuture(new IllegalStateException("blob " + digest
                        + (what == null ? "" : " of " + what) + " is missing from storage"));
            }
            BlobContent blob = content.get();
            return ByteSources.readAll(blob.stream(0, blob.size()), maxBytes, named).whenComplete((b, e) -> blob.close());
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
