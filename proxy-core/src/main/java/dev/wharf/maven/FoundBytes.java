package dev.wharf.maven;

import dev.wharf.cache.Committed;
import dev.wharf.cache.Fill;
import dev.wharf.codec.Digest;
import dev.wharf.format.Found;
import dev.wharf.storage.ByteSources;
import dev.wharf.storage.blob.BlobContent;
import dev.wharf.storage.blob.BlobStore;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The bytes of a small file a repository {@link Found} (a checksum file, a {@code maven-metadata.xml}), read whole
 * up to a limit: from the blob store when stored, after the fill committed when it is being fetched; empty when absent.
 */
final class FoundBytes {
    private final BlobStore blobs;

    FoundBytes(BlobStore blobs) {
        this.blobs = blobs;
    }

    CompletableFuture<Optional<byte[]>> read(Found found, int maxBytes, String what) {
        if (found instanceof Found.Stored stored) {
            return blob(stored.entry().digest(), maxBytes, what).thenApply(Optional::of);
        }
        if (found instanceof Found.Filling filling) {
            return committed(filling.fill()).thenCompose(c -> blob(c.digest(), maxBytes, what)).thenApply(Optional::of);
        }
        return CompletableFuture.completedFuture(Optional.empty());
    }

    /** The bytes of a stored blob; fails when it has gone. */
    CompletableFuture<byte[]> blob(Digest digest, int maxBytes, String what) {
        return blobs.open(digest).thenCompose(content -> {
            if (content.isEmpty()) {
                return CompletableFuture.failedFuture(new IllegalStateException("blob " + digest + " of " + what
                        + " is missing from storage"));
            }
            BlobContent blob = content.get();
            return ByteSources.readAll(blob.stream(0, blob.size()), maxBytes, what).whenComplete((b, e) -> blob.close());
        });
    }

    /** Completes once the fill committed, or fails as it failed. */
    static CompletableFuture<Committed> committed(Fill fill) {
        CompletableFuture<Committed> done = new CompletableFuture<>();
        watch(fill, done);
        return done;
    }

    private static void watch(Fill fill, CompletableFuture<Committed> done) {
        if (fill.isCommitted()) {
            done.complete(fill.committed().orElseThrow());
            return;
        }
        Optional<Throwable> failure = fill.failure();
        if (failure.isPresent()) {
            done.completeExceptionally(failure.get());
            return;
        }
        fill.awaitProgress(fill.sendableLimit(), () -> watch(fill, done));
    }
}
