package dev.wharf.terraform;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
 * The bytes of the small documents a Terraform repository reads to answer (discovery, version lists, download
 * descriptions, SHA256SUMS), held whole up to {@code maxBytes}: a stored one from memory (a cache weighed in
 * bytes; blobs are immutable by digest) or the blob store, one being filled once its fill committed.
 */
final class Documents {
    /** Memory given to document bytes. */
    static final long MAX_CACHED_BYTES = 32L << 20;

    private final BlobStore blobs;
    private final int maxBytes;
    private final Cache<Digest, byte[]> memory = Caffeine.newBuilder()
            .maximumWeight(MAX_CACHED_BYTES)
            .<Digest, byte[]>weigher((digest, bytes) -> bytes.length)
            .build();

    Documents(BlobStore blobs, int maxBytes) {
        this.blobs = blobs;
        this.maxBytes = maxBytes;
    }

    /** The bytes of what was found; empty when it is absent. */
    CompletableFuture<Optional<Fetched<byte[]>>> read(Found found) {
        if (found instanceof Found.Absent) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        if (found instanceof Found.Stored stored) {
            return bytes(stored.entry().digest()).thenApply(b -> Optional.of(new Fetched<>(b, stored.warning(), stored.status())));
        }
        if (found instanceof Found.Filling filling) {
            return committed(filling.fill()).thenCompose(c -> bytes(c.digest())).thenApply(b -> Optional.of(new Fetched<>(b, null, filling.status())));
        }
        return CompletableFuture.failedFuture(new IllegalStateException("a document was described, not fetched"));
    }

    /** The bytes of a blob. */
    CompletableFuture<byte[]> bytes(Digest digest) {
        byte[] cached = memory.getIfPresent(digest);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        return blobs.open(digest).thenCompose(content -> {
            if (content.isEmpty()) {
                return CompletableFuture.failedFuture(new IllegalStateException("blob " + digest + " is missing from storage"));
            }
            BlobContent blob = content.get();
            return ByteSources.readAll(blob.stream(0, blob.size()), maxBytes, "document " + digest)
                    .whenComplete((b, e) -> blob.close());
        }).thenApply(bytes -> {
            memory.put(digest, bytes);
            return bytes;
        });
    }

    /** Completes with what the fill committed, or fails as it failed. */
    static CompletableFuture<Committed> committed(Fill fill) {
        CompletableFuture<Committed> done = new CompletableFuture<>();
        fill.head().whenComplete((head, err) -> {
            if (err != null) {
                done.completeExceptionally(err);
            } else {
                watch(fill, done);
            }
        });
        return done;
    }

    private static void watch(Fill fill, CompletableFuture<Committed> done) {
        // Wakes on progress and at the end; registers again until the fill ended.
        fill.awaitProgress(Long.MAX_VALUE, () -> {
            Optional<Committed> committed = fill.committed();
            Optional<Throwable> failure = fill.failure();
            if (fill.isCommitted() && committed.isPresent()) {
                done.complete(committed.get());
            } else if (failure.isPresent()) {
                done.completeExceptionally(failure.get());
            } else {
                watch(fill, done);
            }
        });
    }
}
