package dev.wharf.storage.meta;

import static dev.wharf.storage.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The caching decorator passes the whole metadata conformance suite, and serves repeat lookups from memory. */
class CachingMetadataStoreTest extends MetadataStoreConformance {
    @TempDir
    Path dir;
    private EmbeddedMetadataStore backing;

    @Override
    protected MetadataStore createStore() {
        backing = EmbeddedMetadataStore.open(dir);
        return new CachingMetadataStore(backing, Duration.ofMinutes(1), 2);
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
    void theOldestEntriesLeaveWhenFull() {
        CachedEntry a = entry(repo, "a", "a");
        CachedEntry b = entry(repo, "b", "b");
        CachedEntry c = entry(repo, "c", "c");
        for (CachedEntry e : new CachedEntry[] {a, b, c}) {
            result(store.putEntry(e));
            result(store.findEntry(repo, e.path()));
        }
        result(backing.deleteEntry(repo, a.path()));
        assertThat(result(store.findEntry(repo, a.path()))).as("evicted, so read from the database").isEmpty();
    }
}
