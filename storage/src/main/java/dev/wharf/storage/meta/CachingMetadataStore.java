package dev.wharf.storage.meta;

import dev.wharf.codec.Digest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Keeps recently found entries in memory for a short while, so hot lookups (a manifest by tag, a blob
 * HEAD) skip the database. Writes through this store invalidate its copy at once; a write by another
 * replica shows after at most {@code maxAge}, which the callers tolerate because entries only change
 * by revalidation or fill, both governed by longer TTLs. Bounded to {@code maxEntries}, least recently
 * used out first.
 */
public final class CachingMetadataStore implements MetadataStore {
    /** How long a found entry is trusted without asking the database again. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(5);
    /** How many entries are kept. */
    public static final int DEFAULT_MAX_ENTRIES = 50_000;

    private record Key(String repoKey, String path, String variant) {
    }

    private record Found(CachedEntry entry, long loadedNanos) {
    }

    private final MetadataStore delegate;
    private final long maxAgeNanos;
    private final Map<Key, Found> found;

    public CachingMetadataStore(MetadataStore delegate, Duration maxAge, int maxEntries) {
        this.delegate = delegate;
        this.maxAgeNanos = maxAge.toNanos();
        this.found = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Found> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** With the default age and size bounds. */
    public CachingMetadataStore(MetadataStore delegate) {
        this(delegate, DEFAULT_MAX_AGE, DEFAULT_MAX_ENTRIES);
    }

    @Override
    public CompletableFuture<Optional<CachedEntry>> findEntry(String repoKey, String path, String variant) {
        Key key = new Key(repoKey, path, variant);
        Found hit;
        synchronized (found) {
            hit = found.get(key);
        }
        long now = System.nanoTime();
        if (hit != null && now - hit.loadedNanos() < maxAgeNanos) {
            return CompletableFuture.completedFuture(Optional.of(hit.entry()));
        }
        return delegate.findEntry(repoKey, path, variant).thenApply(entry -> {
            entry.ifPresent(e -> remember(key, new Found(e, now)));
            return entry;
        });
    }

    /** {@inheritDoc} Not cached. */
    @Override
    public CompletableFuture<List<CachedEntry>> findVariants(String repoKey, String path) {
        return delegate.findVariants(repoKey, path);
    }

    @Override
    public CompletableFuture<Void> putEntry(CachedEntry entry) {
        Key key = new Key(entry.repoKey(), entry.path(), entry.variant());
        forget(key);
        return delegate.putEntry(entry).whenComplete((v, e) -> forget(key));
    }

    @Override
    public CompletableFuture<Void> touch(String repoKey, String path, String variant, Instant lastAccess) {
        Key key = new Key(repoKey, path, variant);
        synchronized (found) {
            found.computeIfPresent(key, (k, f) -> f.entry().lastAccess().isBefore(lastAccess)
                    ? new Found(f.entry().withLastAccess(lastAccess), f.loadedNanos()) : f);
        }
        return delegate.touch(repoKey, path, variant, lastAccess);
    }

    @Override
    public CompletableFuture<Boolean> deleteEntry(String repoKey, String path, String variant) {
        Key key = new Key(repoKey, path, variant);
        forget(key);
        return delegate.deleteEntry(repoKey, path, variant).whenComplete((v, e) -> forget(key));
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
        synchronized (found) {
            found.clear();
        }
        delegate.close();
    }

    private void remember(Key key, Found entry) {
        synchronized (found) {
            found.put(key, entry);
        }
    }

    private void forget(Key key) {
        synchronized (found) {
            found.remove(key);
        }
    }
}
