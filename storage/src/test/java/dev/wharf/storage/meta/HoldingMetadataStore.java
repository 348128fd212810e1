package dev.wharf.storage.meta;

import dev.wharf.codec.Digest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A store that can hold back the answer of its next lookup after the database gave it, so a test can
 * slip a write in between a lookup's read and its completion. Everything else goes straight through.
 */
final class HoldingMetadataStore implements MetadataStore {
    private final MetadataStore delegate;
    private final AtomicReference<Hold> next = new AtomicReference<>();

    HoldingMetadataStore(MetadataStore delegate) {
        this.delegate = delegate;
    }

    /** A lookup whose answer is held: {@link #read} completes once the database answered it. */
    static final class Hold {
        final CompletableFuture<Void> read = new CompletableFuture<>();
        private final CompletableFuture<Void> released = new CompletableFuture<>();

        /** Lets the held lookup complete. */
        void release() {
            released.complete(null);
        }
    }

    /** Holds the answer of the next {@code findEntry} or {@code findVariants}. */
    Hold holdNextLookup() {
        Hold hold = new Hold();
        next.set(hold);
        return hold;
    }

    @Override
    public CompletableFuture<Optional<CachedEntry>> findEntry(String repoKey, String path, String variant) {
        return held(delegate.findEntry(repoKey, path, variant));
    }

    @Override
    public CompletableFuture<List<CachedEntry>> findVariants(String repoKey, String path) {
        return held(delegate.findVariants(repoKey, path));
    }

    private <T> CompletableFuture<T> held(CompletableFuture<T> lookup) {
        Hold hold = next.getAndSet(null);
        if (hold == null) {
            return lookup;
        }
        return lookup.thenCompose(answer -> {
            hold.read.complete(null);
            return hold.released.thenApply(v -> answer);
        });
    }

    @Override
    public CompletableFuture<Void> putEntry(CachedEntry entry) {
        return delegate.putEntry(entry);
    }

    @Override
    public CompletableFuture<Void> touch(String repoKey, String path, String variant, Instant lastAccess) {
        return delegate.touch(repoKey, path, variant, lastAccess);
    }

    @Override
    public CompletableFuture<Boolean> deleteEntry(String repoKey, String path, String variant) {
        return delegate.deleteEntry(repoKey, path, variant);
    }

    @Override
    public CompletableFuture<List<CachedEntry>> listEntries(String repoKey, String pathPrefix) {
        return delegate.listEntries(repoKey, pathPrefix);
    }

    @Override
    public CompletableFuture<Void> forEachReferencedDigest(Consumer<Digest> visitor) {
        return delegate.forEachReferencedDigest(visitor);
    }

    @Override
    public int schemaVersion() {
        return delegate.schemaVersion();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
