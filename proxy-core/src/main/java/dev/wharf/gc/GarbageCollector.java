package dev.wharf.gc;

import dev.wharf.codec.Digest;
import dev.wharf.config.RepositoryConfig;
import dev.wharf.config.WharfConfig;
import dev.wharf.storage.blob.BlobInfo;
import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.blob.s3.S3BlobStore;
import dev.wharf.storage.meta.CachedEntry;
import dev.wharf.storage.meta.MetadataStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * One garbage collection over the stores, in four steps:
 * <ol>
 *   <li><b>evict</b> the cached entries of remote repositories that {@link EvictionPlan} picks (by
 *       {@code maxUnusedAge}, then least recently used while over {@code storage.maxSize});</li>
 *   <li><b>list</b> the blobs older than {@code gc.grace}: the candidates;</li>
 *   <li><b>mark</b> every digest that some metadata row references (cached entries, local files, manifests, tags,
 *       upload sessions: they are all entries, so no format knowledge is needed here);</li>
 *   <li><b>sweep</b> the candidates nothing marked, and reap upload sessions and S3 staging without activity for
 *       {@code gc.uploadsMaxAge}.</li>
 * </ol>
 * The mark runs <em>after</em> the listing, so that an entry written while the blobs were being listed (a manifest
 * pushed, a fill finished) is seen and protects its blob; a second mark before the listing would add nothing. A
 * blob committed after the listing is not a candidate. Writers commit a blob before they write the entry that
 * references it, and committing a blob that exists restarts its age; so each candidate's age is asked again
 * right before its delete, and a blob committed again since the listing stays. What remains is the moment
 * between that check and the delete, and entries that reference an old blob without committing it again.
 *
 * <p>Blocking: each store call is awaited in turn, so a collection runs on a thread of its own (see
 * {@link GcScheduler}), never on an event loop. A dry run deletes nothing and reports what would go; it does not
 * count stale uploads.
 */
public final class GarbageCollector {
    private final MetadataStore metadata;
    private final BlobStore blobs;
    private final S3BlobStore s3;
    private final Map<String, RepositoryPolicy> policies;
    private final Duration grace;
    private final Duration uploadsMaxAge;
    private final Long maxSize;
    private final Clock clock;

    /** A collector of the configured repositories and {@code gc} and {@code storage.maxSize} settings. */
    public GarbageCollector(MetadataStore metadata, BlobStore blobs, S3BlobStore s3, WharfConfig config, Clock clock) {
        this(metadata, blobs, s3, policies(config.repositories()), config.gc().grace(), config.gc().uploadsMaxAge(),
                config.storage().maxSize(), clock);
    }

    /**
     * @param s3      the S3 store behind {@code blobs}, whose writers' leftovers are reaped too; null when the blobs
     *                are elsewhere
     * @param maxSize the bound on stored bytes, or null
     */
    GarbageCollector(MetadataStore metadata, BlobStore blobs, S3BlobStore s3, Map<String, RepositoryPolicy> policies,
                     Duration grace, Duration uploadsMaxAge, Long maxSize, Clock clock) {
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.s3 = s3;
        this.policies = Map.copyOf(policies);
        this.grace = Objects.requireNonNull(grace, "grace");
        this.uploadsMaxAge = Objects.requireNonNull(uploadsMaxAge, "uploadsMaxAge");
        this.maxSize = maxSize;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    static Map<String, RepositoryPolicy> policies(List<RepositoryConfig> repositories) {
        Map<String, RepositoryPolicy> policies = new LinkedHashMap<>();
        repositories.forEach(r -> policies.put(r.key(), RepositoryPolicy.of(r)));
        return policies;
    }

    /**
     * Runs one collection; blocks until it is done.
     *
     * @param mayDelete asked before each delete: false stops the collection (its lease was lost, and another
     *                  replica may be collecting now) with an {@link IllegalStateException}
     */
    public GcReport run(boolean dryRun, BooleanSupplier mayDelete) {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        EvictionPlan plan = plan(startedAt);
        if (!dryRun) {
            for (CachedEntry entry : plan.evicted()) {
                check(mayDelete);
                metadata.deleteEntry(entry.repoKey(), entry.path(), entry.variant()).join();
            }
        }

        Instant cutoff = clock.instant().minus(grace);
        List<BlobInfo> candidates = Collections.synchronizedList(new ArrayList<>());
        LongAdder storedBlobs = new LongAdder();
        LongAdder storedBytes = new LongAdder();
        blobs.forEachInfo(info -> {
            storedBlobs.increment();
            storedBytes.add(info.size());
            if (info.lastModified().isBefore(cutoff)) {
                candidates.add(info);
            }
        }).join();
        Set<Digest> marked = referenced();
        if (dryRun) {
            marked.removeAll(plan.released());
        }
        long removed = 0;
        long freed = 0;
        for (BlobInfo candidate : candidates) {
            if (marked.contains(candidate.digest())) {
                continue;
            }
            if (!dryRun) {
                check(mayDelete);
                // Committed again since the listing (its age restarted), or gone: a writer is about to reference it.
                Optional<BlobInfo> now = blobs.info(candidate.digest()).join();
                if (now.isEmpty() || !now.get().lastModified().isBefore(cutoff)
                        || !blobs.delete(candidate.digest()).join()) {
                    continue;
                }
            }
            removed++;
            freed += candidate.size();
        }

        int uploads = 0;
        int staging = 0;
        if (!dryRun) {
            if (s3 != null) {
                S3BlobStore.Reaped reaped = s3.reap(uploadsMaxAge).join();
                uploads = reaped.sessionsRemoved();
                staging = reaped.uploadsAborted() + reaped.stagingObjectsDeleted();
            } else {
                uploads = blobs.reapUploads(uploadsMaxAge).join();
            }
        }
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        return new GcReport(startedAt, millis, dryRun, plan.evicted().size(), removed, freed,
                storedBlobs.sum() - removed, storedBytes.sum() - freed, uploads, staging);
    }

    /** The eviction plan for every configured repository's entries as they are now. */
    private EvictionPlan plan(Instant now) {
        Map<String, List<CachedEntry>> entries = new LinkedHashMap<>();
        for (String key : policies.keySet()) {
            entries.put(key, metadata.listEntries(key, "").join());
        }
        // Only a size bound needs to know what the sweep would keep: the blobs referenced or within the grace period.
        Map<Digest, Long> kept = new ConcurrentHashMap<>();
        if (maxSize != null) {
            Set<Digest> marked = referenced();
            Instant cutoff = now.minus(grace);
            blobs.forEachInfo(info -> {
                if (marked.contains(info.digest()) || !info.lastModified().isBefore(cutoff)) {
                    kept.put(info.digest(), info.size());
                }
            }).join();
        }
        return EvictionPlan.of(now, policies, entries, kept, maxSize);
    }

    private Set<Digest> referenced() {
        Set<Digest> marked = ConcurrentHashMap.newKeySet();
        metadata.forEachReferencedDigest(marked::add).join();
        return marked;
    }

    private static void check(BooleanSupplier mayDelete) {
        if (!mayDelete.getAsBoolean()) {
            throw new IllegalStateException("garbage collection stopped: its lease was lost (another replica may "
                    + "be collecting)");
        }
    }
}
