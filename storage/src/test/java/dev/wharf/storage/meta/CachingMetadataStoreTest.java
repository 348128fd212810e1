package dev.wharf.storage.meta;

import static dev.wharf.storage.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The caching decorator passes the whole metadata conformance suite, and serves repeat lookups from memory. */
class CachingMetadataStoreTest extends MetadataStoreConformance {
    private static final Duration MAX_AGE = Duration.ofSeconds(5);
    private static final String INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    @TempDir
    Path dir;
    private final AtomicLong nanos = new AtomicLong();
    private EmbeddedMetadataStore backing;
    private HoldingMetadataStore holding;
    private CachingMetadataStore caching;

    @Override
    protected MetadataStore createStore() {
        backing = EmbeddedMetadataStore.open(dir);
        holding = new HoldingMetadataStore(backing);
        Ticker ticker = nanos::get;
        // Upkeep on the calling thread, so that evictions have happened when a call returns.
        caching = new CachingMetadataStore(holding, MAX_AGE, 3, ticker, Runnable::run);
        return caching;
    }

    @Test
    void aRepeatLookupIsAnsweredFromMemory() {
        CachedEntry entry = entry(repo, "app/manifests/latest", "cached");
        result(store.putEntry(entry));
        assertThat(result(store.findEntry(repo, entry.path()))).contains(entry);
        // Changed behind the cache's back (as another replica would): the copy in memory still answers.
        result(backing.deleteEntry(repo, entry.path()));
        assertThat(store.findEntry(repo, entry.path())).isCompleted();
        assertThat(result(store.findEntry(repo, entry.path()))).contains(entry);
    }

    @Test
    void writesThroughTheCacheAreSeenAtOnce() {
        CachedEntry first = entry(repo, "app/manifests/latest", "one");
        result(store.putEntry(first));
        assertThat(result(store.findEntry(repo, first.path()))).contains(first);
        CachedEntry second = entry(repo, "app/manifests/latest", "two");
        result(store.putEntry(second));
        assertThat(result(store.findEntry(repo, first.path()))).contains(second);
        result(store.deleteEntry(repo, first.path()));
        assertThat(result(store.findEntry(repo, first.path()))).isEmpty();
    }

    @Test
    void aLookupThatStartedBeforeAWriteDoesNotPutTheOldRowBack() {
        CachedEntry old = entry(repo, "app/manifests/latest", "old");
        CachedEntry replacement = entry(repo, "app/manifests/latest", "new");
        result(store.putEntry(old));
        HoldingMetadataStore.Hold hold = holding.holdNextLookup();
        CompletableFuture<Optional<CachedEntry>> early = store.findEntry(repo, old.path());
        result(hold.read); // the lookup has read the old row

        result(store.putEntry(replacement));
        hold.release();

        assertThat(result(early)).as("the lookup that started first").contains(old);
        assertThat(result(store.findEntry(repo, old.path()))).as("a lookup after the write").contains(replacement);
    }

    @Test
    void aVariantsLookupThatStartedBeforeAWriteDoesNotPutTheOldListBack() {
        String path = "app/manifests/latest";
        CachedEntry index = variant(path, INDEX, "index");
        CachedEntry manifest = variant(path, MANIFEST, "manifest");
        result(store.putEntry(index));
        HoldingMetadataStore.Hold hold = holding.holdNextLookup();
        CompletableFuture<List<CachedEntry>> early = store.findVariants(repo, path);
        result(hold.read);

        result(store.putEntry(manifest));
        hold.release();

        assertThat(result(early)).containsExactly(index);
        assertThat(result(store.findVariants(repo, path))).containsExactly(manifest, index);
    }

    @Test
    void aMissIsNotCached() {
        assertThat(result(store.findEntry(repo, "app/manifests/latest"))).isEmpty();
        CachedEntry entry = entry(repo, "app/manifests/latest", "filled by another replica");

        result(backing.putEntry(entry));

        assertThat(result(store.findEntry(repo, entry.path()))).contains(entry);
    }

    @Test
    void anEmptyVariantListIsNotCached() {
        String path = "app/manifests/latest";
        assertThat(result(store.findVariants(repo, path))).isEmpty();
        CachedEntry index = variant(path, INDEX, "filled by another replica");

        result(backing.putEntry(index));

        assertThat(result(store.findVariants(repo, path))).containsExactly(index);
    }

    @Test
    void foundVariantsAreCachedAndAWriteOfAnyVariantOfThePathDropsThem() {
        String path = "app/manifests/latest";
        CachedEntry index = variant(path, INDEX, "index");
        CachedEntry manifest = variant(path, MANIFEST, "manifest");
        result(store.putEntry(index));
        result(store.putEntry(manifest));
        assertThat(result(store.findVariants(repo, path))).containsExactly(manifest, index);

        result(backing.deleteEntry(repo, path, INDEX));
        assertThat(result(store.findVariants(repo, path))).as("from memory").containsExactly(manifest, index);

        result(store.deleteEntry(repo, path, "application/json")); // a variant that was never cached
        assertThat(result(store.findVariants(repo, path))).as("after a write of the path").containsExactly(manifest);
    }

    @Test
    void entriesOlderThanMaxAgeAreReloaded() {
        CachedEntry entry = entry(repo, "app/manifests/latest", "cached");
        result(store.putEntry(entry));
        assertThat(result(store.findEntry(repo, entry.path()))).contains(entry);
        assertThat(result(store.findVariants(repo, entry.path()))).containsExactly(entry);
        CachedEntry changed = entry(repo, entry.path(), "changed by another replica");
        result(backing.putEntry(changed));

        nanos.addAndGet(MAX_AGE.toNanos() - 1);
        assertThat(result(store.findEntry(repo, entry.path()))).as("still fresh").contains(entry);
        nanos.addAndGet(1);

        assertThat(result(store.findEntry(repo, entry.path()))).contains(changed);
        assertThat(result(store.findVariants(repo, entry.path()))).containsExactly(changed);
    }

    @Test
    void theCacheStaysWithinItsBound() {
        for (int i = 0; i < 10; i++) {
            CachedEntry entry = entry(repo, "path-" + i, "entry " + i);
            result(store.putEntry(entry));
            assertThat(result(store.findEntry(repo, entry.path()))).contains(entry);
            assertThat(result(store.findVariants(repo, entry.path()))).containsExactly(entry);
        }

        assertThat(caching.cachedCount()).as("entries and variant lists, 3 of each at most").isLessThanOrEqualTo(6);
    }

    @Test
    void touchShowsInTheCopyInMemoryWithoutRenewingIt() {
        CachedEntry entry = entry(repo, "app/manifests/latest", "cached");
        result(store.putEntry(entry));
        assertThat(result(store.findEntry(repo, entry.path()))).contains(entry);
        assertThat(result(store.findVariants(repo, entry.path()))).containsExactly(entry);
        Instant later = entry.lastAccess().plusSeconds(90);
        nanos.addAndGet(MAX_AGE.toNanos() - 1);

        result(store.touch(repo, entry.path(), later));
        result(store.touch(repo, entry.path(), later.minusSeconds(30))); // never moves back
        result(backing.deleteEntry(repo, entry.path()));

        assertThat(result(store.findEntry(repo, entry.path()))).as("from memory").contains(entry.withLastAccess(later));
        assertThat(result(store.findVariants(repo, entry.path()))).containsExactly(entry.withLastAccess(later));
        nanos.addAndGet(1);
        assertThat(result(store.findEntry(repo, entry.path()))).as("the touch did not renew the copy").isEmpty();
    }
}
