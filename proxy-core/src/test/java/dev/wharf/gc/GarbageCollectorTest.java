package dev.wharf.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.codec.Digest;
import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.blob.BlobWriter;
import dev.wharf.storage.blob.FilesystemBlobStore;
import dev.wharf.storage.meta.CachedEntry;
import dev.wharf.storage.meta.EmbeddedMetadataStore;
import dev.wharf.storage.meta.MetadataStore;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Garbage collection and eviction over the embedded stores (filesystem blobs, H2 metadata). */
class GarbageCollectorTest {
    private static final Duration GRACE = Duration.ofHours(1);
    private static final Duration UPLOADS_MAX_AGE = Duration.ofDays(1);
    /** A remote evicting what nobody read for a day, a remote without an age limit, and a local repository. */
    private static final Map<String, RepositoryPolicy> POLICIES = Map.of(
            "hub", new RepositoryPolicy("hub", true, Duration.ofDays(1)),
            "cache", new RepositoryPolicy("cache", true, null),
            "files", new RepositoryPolicy("files", false, null));

    @TempDir
    Path dir;
    private FilesystemBlobStore blobs;
    private MetadataStore metadata;

    @BeforeEach
    void open() {
        blobs = FilesystemBlobStore.open(dir.resolve("blobs"));
        metadata = EmbeddedMetadataStore.open(dir.resolve("meta"));
    }

    @AfterEach
    void close() {
        metadata.close();
        blobs.close();
    }

    @Test
    void anUnreferencedBlobGoesOnceOlderThanTheGracePeriodAndReferencedOnesStay() {
        Digest local = commit("a file pushed to a local repository");
        Digest cached = commit("a file cached from a remote");
        Digest orphan = commit("a blob nothing references");
        put("files", "tools/tool.tgz", local, Instant.now());
        put("cache", "downloads/file.zip", cached, Instant.now());

        GcReport now = collector(Clock.systemUTC(), GRACE).run(false, () -> true);

        assertThat(now.blobsRemoved()).as("blobs removed within the grace period").isZero();
        assertThat(stored(orphan)).isTrue();

        GcReport later = collector(inTwoHours(), GRACE).run(false, () -> true);

        assertThat(later.blobsRemoved()).isEqualTo(1);
        assertThat(later.bytesFreed()).isEqualTo("a blob nothing references".length());
        assertThat(later.blobsKept()).isEqualTo(2);
        assertThat(later.dryRun()).isFalse();
        assertThat(stored(orphan)).isFalse();
        assertThat(stored(local)).isTrue();
        assertThat(stored(cached)).isTrue();
    }

    @Test
    void aDryRunReportsWhatWouldGoAndDeletesNothing() {
        Digest unused = commit("cached two days ago, never read since");
        Digest orphan = commit("an orphan");
        put("hub", "library/old/blobs/x", unused, Instant.now().minus(Duration.ofDays(2)));

        GcReport dry = collector(inTwoHours(), GRACE).run(true, () -> true);

        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.entriesEvicted()).isEqualTo(1);
        assertThat(dry.blobsRemoved()).as("the orphan and the evicted entry's blob").isEqualTo(2);
        assertThat(stored(unused)).isTrue();
        assertThat(stored(orphan)).isTrue();
        assertThat(metadata.findEntry("hub", "library/old/blobs/x").join()).isPresent();

        GcReport real = collector(inTwoHours(), GRACE).run(false, () -> true);

        assertThat(real.entriesEvicted()).isEqualTo(dry.entriesEvicted());
        assertThat(real.blobsRemoved()).isEqualTo(dry.blobsRemoved());
        assertThat(real.bytesFreed()).isEqualTo(dry.bytesFreed());
        assertThat(metadata.findEntry("hub", "library/old/blobs/x").join()).isEmpty();
        assertThat(stored(unused)).isFalse();
        assertThat(stored(orphan)).isFalse();
    }

    @Test
    void maxUnusedAgeEvictsARemotesEntriesByLastAccessAndNeverALocalOne() {
        Instant longAgo = Instant.now().minus(Duration.ofDays(3));
        Digest stale = commit("not read for three days");
        Digest read = commit("read an hour ago");
        Digest local = commit("a local file nobody read for three days");
        put("hub", "stale", stale, longAgo);
        put("hub", "read", read, Instant.now().minus(Duration.ofHours(1)));
        put("files", "local", local, longAgo);

        GcReport report = collector(Clock.systemUTC(), Duration.ZERO).run(false, () -> true);

        assertThat(report.entriesEvicted()).isEqualTo(1);
        assertThat(metadata.findEntry("hub", "stale").join()).isEmpty();
        assertThat(metadata.findEntry("hub", "read").join()).isPresent();
        assertThat(metadata.findEntry("files", "local").join()).isPresent();
        assertThat(stored(stale)).isFalse();
        assertThat(stored(read)).isTrue();
        assertThat(stored(local)).isTrue();
    }

    @Test
    void overMaxSizeTheLeastRecentlyUsedRemoteEntriesGoFirstAndLocalOnesStay() {
        Instant now = Instant.now();
        Digest oldest = commit(bytes(1000, 'a'));
        Digest older = commit(bytes(1000, 'b'));
        Digest recent = commit(bytes(1000, 'c'));
        Digest local = commit(bytes(1000, 'd'));
        Digest sharedWithLocal = commit(bytes(1000, 'e'));
        put("cache", "oldest", oldest, now.minus(Duration.ofHours(3)));
        put("cache", "older", older, now.minus(Duration.ofHours(2)));
        put("cache", "recent", recent, now.minus(Duration.ofHours(1)));
        put("files", "local", local, now.minus(Duration.ofDays(30)));
        // Read even longer ago, but a local file holds the same bytes: evicting it would free nothing.
        put("cache", "same-as-local", sharedWithLocal, now.minus(Duration.ofDays(10)));
        put("files", "local-copy", sharedWithLocal, now.minus(Duration.ofDays(30)));

        GcReport report = new GarbageCollector(metadata, blobs, null, POLICIES, Duration.ZERO, UPLOADS_MAX_AGE, 3500L,
                Clock.systemUTC()).run(false, () -> true);

        assertThat(report.entriesEvicted()).isEqualTo(2);
        assertThat(report.bytesStored()).isEqualTo(3000);
        assertThat(metadata.findEntry("cache", "oldest").join()).isEmpty();
        assertThat(metadata.findEntry("cache", "older").join()).isEmpty();
        assertThat(metadata.findEntry("cache", "recent").join()).isPresent();
        assertThat(metadata.findEntry("cache", "same-as-local").join()).isPresent();
        assertThat(stored(oldest)).isFalse();
        assertThat(stored(older)).isFalse();
        assertThat(stored(recent)).isTrue();
        assertThat(stored(local)).isTrue();
    }

    /**
     * The race of a manifest (or any entry) written while the sweep runs: here it lands just after the listing saw
     * the blob, old and unreferenced. A collector that marked before it listed would delete the blob under the
     * new entry; this one marks after the listing, so the entry protects it.
     */
    @Test
    void anEntryWrittenWhileTheBlobsAreListedKeepsItsBlob() {
        Digest layer = commit("a layer whose manifest is being pushed");
        BlobStore racing = afterListing(blobs, () -> put("files", "app/manifests/sha256:abc", layer, Instant.now()));

        GcReport report = new GarbageCollector(metadata, racing, null, POLICIES, GRACE, UPLOADS_MAX_AGE, null,
                inTwoHours()).run(false, () -> true);

        assertThat(report.blobsRemoved()).isZero();
        assertThat(stored(layer)).isTrue();
    }

    /** A writer commits the blob again (its age restarts) after the listing: the age asked before the delete keeps it. */
    @Test
    void aBlobCommittedAgainAfterTheListingStays() throws IOException {
        String content = "a layer pushed again";
        Digest layer = commit(content);
        Files.setLastModifiedTime(blobFile(layer), FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        BlobStore racing = afterListing(blobs, () -> commit(content));

        GcReport report = new GarbageCollector(metadata, racing, null, POLICIES, GRACE, UPLOADS_MAX_AGE, null,
                Clock.systemUTC()).run(false, () -> true);

        assertThat(report.blobsRemoved()).isZero();
        assertThat(stored(layer)).isTrue();
    }

    @Test
    void anUploadWithoutAnAppendForUploadsMaxAgeIsReaped() throws IOException {
        UUID stale = blobs.createUpload().join();
        UUID live = blobs.createUpload().join();
        Instant twoDaysAgo = Instant.now().minus(Duration.ofDays(2));
        try (Stream<Path> files = Files.walk(dir.resolve("blobs/uploads/" + stale))) {
            for (Path file : files.toList()) {
                Files.setLastModifiedTime(file, FileTime.from(twoDaysAgo));
            }
        }

        GcReport report = collector(Clock.systemUTC(), GRACE).run(false, () -> true);

        assertThat(report.uploadsReaped()).isEqualTo(1);
        assertThat(blobs.uploadSize(stale).join()).isEmpty();
        assertThat(blobs.uploadSize(live).join()).contains(0L);
        blobs.cancelUpload(live).join();
    }

    @Test
    void aCollectionThatLostItsLeaseStopsBeforeDeleting() {
        Digest orphan = commit("an orphan");

        assertThatThrownBy(() -> collector(inTwoHours(), GRACE).run(false, () -> false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("lease was lost");
        assertThat(stored(orphan)).isTrue();
    }

    private GarbageCollector collector(Clock clock, Duration grace) {
        return new GarbageCollector(metadata, blobs, null, POLICIES, grace, UPLOADS_MAX_AGE, null, clock);
    }

    private static Clock inTwoHours() {
        return Clock.offset(Clock.systemUTC(), Duration.ofHours(2));
    }

    /** {@code store}, running {@code race} once its listing of blobs visited every blob and before it completes. */
    private static BlobStore afterListing(BlobStore store, Runnable race) {
        return (BlobStore) Proxy.newProxyInstance(BlobStore.class.getClassLoader(), new Class<?>[] {BlobStore.class},
                (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (!method.getName().equals("forEachInfo")) {
                        return result;
                    }
                    return ((CompletableFuture<?>) result).thenRun(race);
                });
    }

    private Digest commit(String content) {
        return commit(content.getBytes(StandardCharsets.UTF_8));
    }

    private Digest commit(byte[] content) {
        BlobWriter writer = blobs.writer();
        writer.write(Unpooled.wrappedBuffer(content));
        return writer.commit().join();
    }

    private static byte[] bytes(int length, char fill) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) fill);
        return bytes;
    }

    private void put(String repo, String path, Digest digest, Instant lastAccess) {
        long size = blobs.stat(digest).join().orElseThrow();
        metadata.putEntry(new CachedEntry(repo, path, digest, size, null, null, null, lastAccess, lastAccess)).join();
    }

    private boolean stored(Digest digest) {
        return blobs.stat(digest).join().isPresent();
    }

    private Path blobFile(Digest digest) {
        return dir.resolve("blobs/sha256").resolve(digest.hex().substring(0, 2)).resolve(digest.hex());
    }
}
