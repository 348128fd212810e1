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
 */
public interface MetadataStore extends AutoCloseable {
    /** The cached entry at {@code (repoKey, path)}, or empty. */
    CompletableFuture<Optional<CachedEntry>> findEntry(String repoKey, String path);

    /** Inserts or replaces the entry at {@code (entry.repoKey, entry.path)}. */
    CompletableFuture<Void> putEntry(CachedEntry entry);

    /**
     * Records a read of the entry (for eviction by last access); a missing entry is ignored, and an
     * instant older than the recorded one changes nothing, so racing touches never move it backwards.
     */
    CompletableFuture<Void> touch(String repoKey, String path, Instant lastAccess);

    /** Removes the entry; completes with whether it existed. */
    CompletableFuture<Boolean> deleteEntry(String repoKey, String path);

    /** Every entry of a repository whose path starts with {@code pathPrefix} ("" for all). */
    CompletableFuture<List<CachedEntry>> listEntries(String repoKey, String pathPrefix);

    /** Calls {@code visitor} once per distinct digest that some entry references, for garbage collection. */
    CompletableFuture<Void> forEachReferencedDigest(Consumer<Digest> visitor);

    /** The schema version the store migrated to at start. */
    int schemaVersion();

    /** Closes connections and the executor. */
    @Override
    void close();
}
