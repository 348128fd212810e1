package dev.wharf.storage.meta;

import dev.wharf.codec.Digest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The facts about cached and local artifacts. Every method is non-blocking: implementations run JDBC
 * on their own bounded executor and complete futures there; a future may also come back already
 * complete when the answer was at hand (see {@link CachingMetadataStore}), but never by blocking the caller.
 *
 * <p>Durability: once the future of {@link #putEntry} or {@link #deleteEntry} completed, the change
 * survives a crash of the process (SIGKILL), though not necessarily a power cut.
 *
 * <p>Cached entries are keyed by {@code (repoKey, path, variant)}; see {@link CachedEntry#variant()}. The
 * methods without a variant mean variant {@code ""}, the only one of a path that is not negotiated.
 */
public interface MetadataStore extends AutoCloseable {
    /** The cached entry at {@code (repoKey, path, variant)}, or empty. */
    CompletableFuture<Optional<CachedEntry>> findEntry(String repoKey, String path, String variant);

    /** The cached entry at {@code (repoKey, path)} of variant {@code ""}, or empty. */
    default CompletableFuture<Optional<CachedEntry>> findEntry(String repoKey, String path) {
        return findEntry(repoKey, path, "");
    }

    /** Every variant cached at exactly {@code (repoKey, path)}, ordered by variant; empty when there is none. */
    CompletableFuture<List<CachedEntry>> findVariants(String repoKey, String path);

    /** Inserts or replaces the entry at {@code (entry.repoKey, entry.path, entry.variant)}. */
    CompletableFuture<Void> putEntry(CachedEntry entry);

    /**
     * Records a read of the entry (for eviction by last access); a missing entry is ignored, and an
     * instant older than the recorded one changes nothing, so racing touches never move it backwards.
     */
    CompletableFuture<Void> touch(String repoKey, String path, String variant, Instant lastAccess);

    /** {@link #touch(String, String, String, Instant)} of variant {@code ""}. */
    default CompletableFuture<Void> touch(String repoKey, String path, Instant lastAccess) {
        return touch(repoKey, path, "", lastAccess);
    }

    /** Removes the entry at {@code (repoKey, path, variant)}; completes with whether it existed. */
    CompletableFuture<Boolean> deleteEntry(String repoKey, String path, String variant);

    /** Removes the entry of variant {@code ""}, leaving other variants of the path; completes with whether it existed. */
    default CompletableFuture<Boolean> deleteEntry(String repoKey, String path) {
        return deleteEntry(repoKey, path, "");
    }

    /** Every entry, of every variant, of a repository whose path starts with {@code pathPrefix} ("" for all). */
    CompletableFuture<List<CachedEntry>> listEntries(String repoKey, String pathPrefix);

    /** Calls {@code visitor} once per distinct digest that some entry references, for garbage collection. */
    CompletableFuture<Void> forEachReferencedDigest(Consumer<Digest> visitor);

    /** The schema version the store migrated to at start. */
    int schemaVersion();

    /** Closes connections and the executor. */
    @Override
    void close();
}
