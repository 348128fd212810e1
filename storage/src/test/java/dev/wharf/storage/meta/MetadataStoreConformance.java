package dev.wharf.storage.meta;

import static dev.wharf.storage.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.codec.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link MetadataStore} must show, run against each implementation by subclassing.
 * Each test works in repositories of its own (random keys), and removes their entries afterwards, so a
 * shared database stays clean. Instants are compared at microsecond precision, which SQL timestamps keep.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class MetadataStoreConformance {
    private static final Instant T0 = Instant.parse("2024-05-01T10:15:30.123456Z");
    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    /** The store under test. */
    protected MetadataStore store;
    /** A repository key no other test uses. */
    protected final String repo = "conformance-" + UUID.randomUUID().toString().substring(0, 8);
    /** A second repository key no other test uses. */
    protected final String otherRepo = repo + "-other";

    /** A store to test; it may share a database with other tests. */
    protected abstract MetadataStore createStore() throws Exception;

    @BeforeEach
    final void openStore() throws Exception {
        store = createStore();
    }

    @AfterEach
    final void removeEntriesAndClose() {
        try {
            for (String key : List.of(repo, otherRepo)) {
                for (CachedEntry entry : result(store.listEntries(key, ""))) {
                    result(store.deleteEntry(key, entry.path(), entry.variant()));
                }
            }
        } finally {
            store.close();
        }
    }

    @Test
    void putEntryIsFoundWithEveryField() {
        CachedEntry entry = new CachedEntry(repo, "library/alpine/manifests/3.20", digest("manifest"), 1_234,
                "application/vnd.oci.image.index.v1+json", "\"etag-1\"", "Wed, 01 May 2024 10:00:00 GMT",
                T0, T0.plusSeconds(5));

        result(store.putEntry(entry));

        assertThat(result(store.findEntry(repo, entry.path()))).contains(entry);
    }

    @Test
    void optionalFieldsMayBeAbsent() {
        CachedEntry entry = new CachedEntry(repo, "blobs/" + digest("layer"), digest("layer"), 0, null, null, null, T0, T0);

        result(store.putEntry(entry));

        assertThat(result(store.findEntry(repo, entry.path()))).contains(entry);
    }

    @Test
    void missingEntryIsAbsent() {
        assertThat(result(store.findEntry(repo, "nothing/here"))).isEmpty();
    }

    @Test
    void putEntryReplacesTheEntryAtItsPath() {
        result(store.putEntry(entry(repo, "library/alpine/manifests/latest", "old")));
        CachedEntry replacement = new CachedEntry(repo, "library/alpine/manifests/latest", digest("new"), 99,
                "application/json", "\"etag-2\"", null, T0.plusSeconds(60), T0.plusSeconds(60));

        result(store.putEntry(replacement));

        assertThat(result(store.findEntry(repo, replacement.path()))).contains(replacement);
        assertThat(result(store.listEntries(repo, ""))).containsExactly(replacement);
    }

    @Test
    void touchRecordsTheLastAccessOnly() {
        CachedEntry entry = entry(repo, "pkg/file.whl", "file");
        result(store.putEntry(entry));
        Instant later = T0.plus(3, ChronoUnit.HOURS).plusNanos(7_000);

        result(store.touch(repo, entry.path(), later));

        CachedEntry touched = result(store.findEntry(repo, entry.path())).orElseThrow();
        assertThat(touched.lastAccess()).isEqualTo(later);
        assertThat(touched).isEqualTo(new CachedEntry(entry.repoKey(), entry.path(), entry.digest(), entry.size(),
                entry.mediaType(), entry.etag(), entry.lastModified(), entry.fetchedAt(), later));
    }

    @Test
    void touchNeverMovesTheLastAccessBack() {
        CachedEntry entry = entry(repo, "pkg/file.whl", "file");
        result(store.putEntry(entry));
        result(store.touch(repo, entry.path(), T0.plusSeconds(100)));

        result(store.touch(repo, entry.path(), T0.plusSeconds(50)));

        assertThat(result(store.findEntry(repo, entry.path())).orElseThrow().lastAccess())
                .isEqualTo(T0.plusSeconds(100));
    }

    @Test
    void touchOfAMissingEntryIsIgnored() {
        result(store.touch(repo, "never/cached", T0));

        assertThat(result(store.findEntry(repo, "never/cached"))).isEmpty();
    }

    @Test
    void deleteEntryReportsWhetherItExisted() {
        CachedEntry entry = entry(repo, "a/b", "ab");
        result(store.putEntry(entry));

        assertThat(result(store.deleteEntry(repo, "a/b"))).isTrue();
        assertThat(result(store.deleteEntry(repo, "a/b"))).isFalse();
        assertThat(result(store.findEntry(repo, "a/b"))).isEmpty();
    }

    @Test
    void listEntriesMatchesThePrefixLiterally() {
        List<CachedEntry> alpine = List.of(
                entry(repo, "library/alpine/manifests/latest", "1"),
                entry(repo, "library/alpine/blobs/sha256:abc", "2"));
        List<CachedEntry> others = List.of(
                entry(repo, "library/alpinex/manifests/latest", "3"),
                entry(repo, "other/library/alpine/x", "4"),
                entry(repo, "library_alpine/manifests/latest", "5"),
                entry(otherRepo, "library/alpine/manifests/latest", "6"));
        alpine.forEach(entry -> result(store.putEntry(entry)));
        others.forEach(entry -> result(store.putEntry(entry)));

        assertThat(result(store.listEntries(repo, "library/alpine/"))).containsExactlyInAnyOrderElementsOf(alpine);
        assertThat(result(store.listEntries(repo, "library_"))).containsExactly(others.get(2));
        assertThat(result(store.listEntries(repo, "library%"))).isEmpty();
        assertThat(result(store.listEntries(repo, ""))).hasSize(5);
        assertThat(result(store.listEntries(otherRepo, ""))).containsExactly(others.get(3));
    }

    @Test
    void pathsKeepEveryCharacter() {
        CachedEntry entry = entry(repo, "simple/ünïcødé-pkg/ünïcødé_pkg-1.0.tar.gz#sha256=00 'quoted' \\back", "u");

        result(store.putEntry(entry));

        assertThat(result(store.findEntry(repo, entry.path()))).contains(entry);
        assertThat(result(store.listEntries(repo, "simple/ünïcødé-pkg/"))).containsExactly(entry);
    }

    @Test
    void forEachReferencedDigestVisitsEachDigestOnce() {
        Digest shared = digest("shared layer");
        Digest single = digest("single layer");
        result(store.putEntry(entry(repo, "a/blobs/x", shared)));
        result(store.putEntry(entry(repo, "b/blobs/x", shared)));
        result(store.putEntry(entry(otherRepo, "c/blobs/x", shared)));
        result(store.putEntry(entry(repo, "d/blobs/y", single)));
        List<Digest> visited = Collections.synchronizedList(new ArrayList<>());

        result(store.forEachReferencedDigest(visited::add));

        // A shared database may reference more digests; ours must each come exactly once.
        assertThat(visited.stream().filter(shared::equals)).hasSize(1);
        assertThat(visited.stream().filter(single::equals)).hasSize(1);
        assertThat(visited).doesNotHaveDuplicates();
    }

    @Test
    void eachVariantOfAPathIsAnEntryOfItsOwn() {
        String path = "library/alpine/manifests/latest";
        CachedEntry index = variant(path, OCI_INDEX, "index");
        CachedEntry manifest = variant(path, DOCKER_MANIFEST, "manifest");

        result(store.putEntry(index));
        result(store.putEntry(manifest));

        assertThat(result(store.findEntry(repo, path, OCI_INDEX))).contains(index);
        assertThat(result(store.findEntry(repo, path, DOCKER_MANIFEST))).contains(manifest);
        assertThat(result(store.findEntry(repo, path))).as("variant \"\" was never put").isEmpty();
        assertThat(result(store.findEntry(repo, path, "application/json"))).isEmpty();
        assertThat(result(store.listEntries(repo, "library/alpine/"))).containsExactlyInAnyOrder(index, manifest);
    }

    @Test
    void findVariantsListsEveryVariantOfExactlyThatPathByVariant() {
        String path = "library/alpine/manifests/latest";
        CachedEntry plain = entry(repo, path, "plain");
        CachedEntry index = variant(path, OCI_INDEX, "index");
        CachedEntry manifest = variant(path, DOCKER_MANIFEST, "manifest");
        result(store.putEntry(manifest));
        result(store.putEntry(index));
        result(store.putEntry(plain));
        result(store.putEntry(variant(path + "-other", OCI_INDEX, "longer path")));
        result(store.putEntry(new CachedEntry(otherRepo, path, OCI_INDEX, digest("other repo"), 1, OCI_INDEX, null,
                null, T0, T0)));

        assertThat(result(store.findVariants(repo, path))).containsExactly(plain, manifest, index);
        assertThat(result(store.findVariants(repo, "library/alpine/manifests/"))).as("not a prefix match").isEmpty();
        assertThat(result(store.findVariants(repo, "never/cached"))).isEmpty();
    }

    @Test
    void putEntryReplacesOnlyItsOwnVariant() {
        String path = "library/alpine/manifests/latest";
        CachedEntry index = variant(path, OCI_INDEX, "index");
        result(store.putEntry(index));
        result(store.putEntry(variant(path, DOCKER_MANIFEST, "old manifest")));
        CachedEntry newManifest = variant(path, DOCKER_MANIFEST, "new manifest");

        result(store.putEntry(newManifest));

        assertThat(result(store.findVariants(repo, path))).containsExactly(newManifest, index);
    }

    @Test
    void deleteEntryRemovesOnlyItsVariant() {
        String path = "library/alpine/manifests/latest";
        CachedEntry plain = entry(repo, path, "plain");
        CachedEntry index = variant(path, OCI_INDEX, "index");
        CachedEntry manifest = variant(path, DOCKER_MANIFEST, "manifest");
        for (CachedEntry e : List.of(plain, index, manifest)) {
            result(store.putEntry(e));
        }

        assertThat(result(store.deleteEntry(repo, path, OCI_INDEX))).isTrue();
        assertThat(result(store.deleteEntry(repo, path, OCI_INDEX))).isFalse();
        assertThat(result(store.findVariants(repo, path))).containsExactly(plain, manifest);

        assertThat(result(store.deleteEntry(repo, path))).as("the two-argument delete means variant \"\"").isTrue();
        assertThat(result(store.findVariants(repo, path))).containsExactly(manifest);
    }

    @Test
    void touchRecordsTheLastAccessOfOneVariant() {
        String path = "library/alpine/manifests/latest";
        CachedEntry index = variant(path, OCI_INDEX, "index");
        CachedEntry manifest = variant(path, DOCKER_MANIFEST, "manifest");
        result(store.putEntry(index));
        result(store.putEntry(manifest));
        Instant later = T0.plusSeconds(600);

        result(store.touch(repo, path, OCI_INDEX, later));
        result(store.touch(repo, path, later.plusSeconds(1))); // variant "" is not cached: ignored

        assertThat(result(store.findEntry(repo, path, OCI_INDEX))).contains(index.withLastAccess(later));
        assertThat(result(store.findEntry(repo, path, DOCKER_MANIFEST))).contains(manifest);
        assertThat(result(store.findEntry(repo, path))).isEmpty();
    }

    @Test
    void forEachReferencedDigestCountsEveryVariant() {
        String path = "library/alpine/manifests/latest";
        CachedEntry index = variant(path, OCI_INDEX, "index");
        CachedEntry manifest = variant(path, DOCKER_MANIFEST, "manifest");
        result(store.putEntry(index));
        result(store.putEntry(manifest));
        List<Digest> visited = Collections.synchronizedList(new ArrayList<>());

        result(store.forEachReferencedDigest(visited::add));

        assertThat(visited).contains(index.digest(), manifest.digest());
    }

    @Test
    void valuesAsLongAsTheLimitsAllowAreStored() {
        String longRepo = (repo + "-").repeat(8).substring(0, CachedEntry.MAX_REPO_KEY_LENGTH);
        // Not ASCII throughout, so that a column counting bytes rather than characters would be caught.
        CachedEntry longest = new CachedEntry(longRepo, "ü/".repeat(CachedEntry.MAX_PATH_LENGTH / 2),
                "ö".repeat(CachedEntry.MAX_VARIANT_LENGTH), digest("longest"), 1,
                "m".repeat(CachedEntry.MAX_MEDIA_TYPE_LENGTH), "é".repeat(CachedEntry.MAX_ETAG_LENGTH),
                "l".repeat(CachedEntry.MAX_LAST_MODIFIED_LENGTH), T0, T0);
        try {
            result(store.putEntry(longest));

            assertThat(result(store.findEntry(longRepo, longest.path(), longest.variant()))).contains(longest);
        } finally {
            result(store.deleteEntry(longRepo, longest.path(), longest.variant()));
        }
    }

    /** The variant {@code mediaType} at {@code path} of {@link #repo}, served as that media type. */
    protected final CachedEntry variant(String path, String mediaType, String seed) {
        return new CachedEntry(repo, path, mediaType, digest(seed), 42, mediaType, null, null, T0, T0);
    }

    /** An entry at {@code path} whose blob is the digest of {@code seed}. */
    protected static CachedEntry entry(String repoKey, String path, String seed) {
        return entry(repoKey, path, digest(seed));
    }

    protected static CachedEntry entry(String repoKey, String path, Digest digest) {
        return new CachedEntry(repoKey, path, digest, 42, "application/octet-stream", null, null, T0, T0);
    }

    protected static Digest digest(String seed) {
        return Digest.sha256Of(seed.getBytes(StandardCharsets.UTF_8));
    }
}
