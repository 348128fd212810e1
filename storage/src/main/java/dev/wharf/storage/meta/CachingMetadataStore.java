package dev.wharf.storage.meta;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.wharf.codec.Digest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Keeps recently found entries in memory for a short while, so hot lookups (a manifest by tag, a blob
 * HEAD, the variants of a tag) skip the database. Two Caffeine caches, each bounded to {@code maxEntries}
 * (least likely to be used again out first): found entries by {@code (repo, path, variant)}, and the
 * {@link #findVariants} lists by {@code (repo, path)}.
 *
 * <p>Only what was found is kept: a miss, and an empty variant list, always ask the database again, so
 * an entry another replica just committed is seen at once. A write through this store (put or delete of
 * any variant of a path) drops that entry and that path's variant list before and after it runs; the
 * caches hold loads in flight as futures, and dropping one discards a lookup that started before the
 * write, so it cannot put the old row back when it completes. A write by another replica shows after at
 * most {@code maxAge}, which the callers tolerate because entries only change by revalidation or fill,
 * both governed by longer TTLs. {@link #touch} updates the copies in memory without renewing their age.
 */
public final class CachingMetadataStore implements MetadataStore {
    /** How long a found entry is trusted without asking the database again. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(5);
    /** How many entries (and, apart, variant lists) are kept. */
    public static final int DEFAULT_MAX_ENTRIES = 50_000;

    // The keys' equals and hashCode are written out: a record's generated ones run through method handles,
    // slow until the JIT has warmed up, and these run on every cache hit.
    private record EntryKey(String repoKey, String path, String variant) {
        EntryKey {
            Objects.requireNonNull(repoKey, "repoKey");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(variant, "variant");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EntryKey k && path.equals(k.path) && repoKey.equals(k.repoKey) && variant.equals(k.variant);
        }

        @Override
        public int hashCode() {
            return (repoKey.hashCode() * 31 + path.hashCode()) * 31 + variant.hashCode();
        }
    }

    private record PathKey(String repoKey, String path) {
        PathKey {
            Objects.requireNonNull(repoKey, "repoKey");
            Objects.requireNonNull(path, "path");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PathKey k && path.equals(k.path) && repoKey.equals(k.repoKey);
        }

        @Override
        public int hashCode() {
            return repoKey.hashCode() * 31 + path.hashCode();
        }
    }

    private final MetadataStore delegate;
    private final AsyncCache<EntryKey, Found> entries;
    private final AsyncCache<PathKey, List<Found>> variants;

    /** Trusts found entries for {@code maxAge}, keeping at most {@code maxEntries} of each kind. */
    public CachingMetadataStore(MetadataStore delegate, Duration maxAge, int maxEntries) {
        this(delegate, maxAge, maxEntries, Ticker.systemTicker(), ForkJoinPool.commonPool());
    }

    /** With the default age and size bounds. */
    public CachingMetadataStore(MetadataStore delegate) {
        this(delegate, DEFAULT_MAX_AGE, DEFAULT_MAX_ENTRIES);
    }

    /** For tests: {@code ticker} tells the time, {@code maintenance} runs Caffeine's upkeep (evictions). */
    CachingMetadataStore(MetadataStore delegate, Duration maxAge, int maxEntries, Ticker ticker, Executor maintenance) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge: " + maxAge + " (expected: > 0)");
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries: " + maxEntries + " (expected: >= 1)");
        }
        this.entries = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(maxAge)
                .ticker(ticker).executor(maintenance).buildAsync();
        this.variants = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(maxAge)
                .ticker(ticker).executor(maintenance).buildAsync();
    }

    /** {@inheritDoc} Answered from memory when found within {@code maxAge}; a concurrent lookup of the same entry shares one query. */
    @Override
    public CompletableFuture<Optional<CachedEntry>> findEntry(String repoKey, String path, String variant) {
        EntryKey key = new EntryKey(repoKey, path, variant);
        // A load completing with null (a miss) is not kept: Caffeine drops the mapping.
        return entries.get(key, (k, executor) -> delegate.findEntry(repoKey, path, variant)
                        .thenApply(found -> found.map(Found::new).orElse(null)))
                .thenApply(found -> Optional.ofNullable(found).map(Found::current));
    }

    /** {@inheritDoc} A non-empty list is answered from memory within {@code maxAge}; an empty one is not kept. */
    @Override
    public CompletableFuture<List<CachedEntry>> findVariants(String repoKey, String path) {
        PathKey key = new PathKey(repoKey, path);
        return variants.get(key, (k, executor) -> delegate.findVariants(repoKey, path)
                        .thenApply(found -> found.isEmpty() ? null : found.stream().map(Found::new).toList()))
                .thenApply(found -> found == null ? List.of() : found.stream().map(Found::current).toList());
    }

    @Override
    public CompletableFuture<Void> putEntry(CachedEntry entry) {
        forget(entry.repoKey(), entry.path(), entry.variant());
        return delegate.putEntry(entry).whenComplete((v, e) -> forget(entry.repoKey(), entry.path(), entry.variant()));
    }

    @Override
    public CompletableFuture<Void> touch(String repoKey, String path, String variant, Instant lastAccess) {
        Found entry = loaded(entries.getIfPresent(new EntryKey(repoKey, path, variant)));
        if (entry != null) {
            entry.touched(lastAccess);
        }
        List<Found> list = loaded(variants.getIfPresent(new PathKey(repoKey, path)));
        if (list != null) {
            list.stream().filter(found -> found.entry.variant().equals(variant)).forEach(found -> found.touched(lastAccess));
        }
        return delegate.touch(repoKey, path, variant, lastAccess);
    }

    @Override
    public CompletableFuture<Boolean> deleteEntry(String repoKey, String path, String variant) {
        forget(repoKey, path, variant);
        return delegate.deleteEntry(repoKey, path, variant).whenComplete((v, e) -> forget(repoKey, path, variant));
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
        entries.synchronous().invalidateAll();
        variants.synchronous().invalidateAll();
        delegate.close();
    }

    /** How many entries and variant lists are kept now, after pending evictions, for tests of the bound. */
    long cachedCount() {
        entries.synchronous().cleanUp();
        variants.synchronous().cleanUp();
        return entries.synchronous().estimatedSize() + variants.synchronous().estimatedSize();
    }

    /** Drops the entry and its path's variant list, loaded or loading. */
    private void forget(String repoKey, String path, String variant) {
        entries.synchronous().invalidate(new EntryKey(repoKey, path, variant));
        variants.synchronous().invalidate(new PathKey(repoKey, path));
    }

    /** The value of a finished load, or null when there is none (absent, in flight, or failed). */
    private static <T> T loaded(CompletableFuture<T> load) {
        return load != null && load.isDone() && !load.isCompletedExceptionally() ? load.getNow(null) : null;
    }

    /** A found row, and the latest access recorded through this cache since it was loaded. */
    private static final class Found {
        final CachedEntry entry;
        private final AtomicReference<Instant> lastAccess;

        Found(CachedEntry entry) {
            this.entry = entry;
            this.lastAccess = new AtomicReference<>(entry.lastAccess());
        }

        CachedEntry current() {
            Instant when = lastAccess.get();
            return when.equals(entry.lastAccess()) ? entry : entry.withLastAccess(when);
        }

        /** Racing touches keep the latest, as the store does. */
        void touched(Instant when) {
            lastAccess.accumulateAndGet(when, (recorded, offered) -> offered.isAfter(recorded) ? offered : recorded);
        }
    }
}
