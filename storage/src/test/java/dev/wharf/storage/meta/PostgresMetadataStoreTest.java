package dev.wharf.storage.meta;

import static dev.wharf.storage.testing.Await.failure;
import static dev.wharf.storage.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.storage.testing.PostgresSchemas;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The PostgreSQL store passes the conformance suite in a schema of its own, and keeps what PostgreSQL
 * makes hard: paths far beyond its index entry limit, text at the edges of UTF-8, a graceful close.
 */
class PostgresMetadataStoreTest extends MetadataStoreConformance {
    @RegisterExtension
    static final PostgresSchemas postgres = new PostgresSchemas();
    private static final int POOL_SIZE = 2;
    private static final Instant T0 = Instant.parse("2024-05-01T10:15:30.123456Z");

    @Override
    protected MetadataStore createStore() {
        return open();
    }

    @Test
    void aPathOfTheLongestKindFarBeyondTheIndexEntryLimitIsKeptWhole() {
        // 4,096 CJK characters: 12 KB of UTF-8 that does not compress, where an index entry may hold 2,704 bytes.
        String path = randomText(new Random(42), CachedEntry.MAX_PATH_LENGTH, 0x4E00, 0x9FFF);
        CachedEntry entry = entry(repo, path, "long");

        result(store.putEntry(entry));
        result(store.touch(repo, path, T0.plusSeconds(1)));

        CachedEntry touched = entry.withLastAccess(T0.plusSeconds(1));
        assertThat(result(store.findEntry(repo, path))).contains(touched);
        assertThat(result(store.findVariants(repo, path))).containsExactly(touched);
        assertThat(result(store.listEntries(repo, path.substring(0, 300)))).containsExactly(touched);
        assertThat(result(store.listEntries(repo, path))).as("the whole path as a prefix").containsExactly(touched);
        assertThat(result(store.deleteEntry(repo, path))).isTrue();
        assertThat(result(store.findEntry(repo, path))).isEmpty();
    }

    @Test
    void longPathsThatAgreeInEveryKeptCodePointStayApart() {
        String common = "pkg/" + "ü".repeat(PathKey.KEPT);
        CachedEntry a = entry(repo, common + "/a.tar.gz", "a");
        CachedEntry b = entry(repo, common + "/b.tar.gz", "b");
        result(store.putEntry(a));
        result(store.putEntry(b));

        assertThat(result(store.findEntry(repo, a.path()))).contains(a);
        assertThat(result(store.findEntry(repo, b.path()))).contains(b);
        assertThat(result(store.findEntry(repo, common + "/c.tar.gz"))).isEmpty();
        assertThat(result(store.listEntries(repo, common))).containsExactly(a, b);
        assertThat(result(store.listEntries(repo, common + "/b"))).containsExactly(b);
        assertThat(result(store.deleteEntry(repo, a.path()))).isTrue();
        assertThat(result(store.findEntry(repo, b.path()))).contains(b);
    }

    @Test
    void pathsAroundTheKeptLengthInSurrogatePairsAreFoundByPathAndPrefix() {
        String emoji = "\uD83D\uDE00"; // one code point, two chars
        List<CachedEntry> entries = new ArrayList<>();
        for (int codePoints : List.of(PathKey.KEPT - 1, PathKey.KEPT, PathKey.KEPT + 1, PathKey.KEPT + 2)) {
            entries.add(entry(repo, emoji.repeat(codePoints), "cp" + codePoints));
        }
        entries.forEach(e -> result(store.putEntry(e)));

        for (CachedEntry e : entries) {
            assertThat(result(store.findEntry(repo, e.path()))).contains(e);
        }
        assertThat(result(store.listEntries(repo, emoji.repeat(PathKey.KEPT))))
                .containsExactlyElementsOf(entries.subList(1, 4));
        assertThat(result(store.listEntries(repo, emoji.repeat(PathKey.KEPT + 1))))
                .containsExactlyElementsOf(entries.subList(2, 4));
        assertThat(result(store.listEntries(repo, emoji))).hasSize(4);
    }

    @Test
    void aPrefixEndingInTheLastCodePointFindsItsPaths() {
        String last = new String(Character.toChars(Character.MAX_CODE_POINT));
        CachedEntry exact = entry(repo, "a/" + last, "exact");
        CachedEntry longer = entry(repo, "a/" + last + "z", "longer");
        CachedEntry onlyLast = entry(repo, last + last, "only the last");
        CachedEntry after = entry(repo, "b", "after");
        for (CachedEntry e : List.of(exact, longer, onlyLast, after)) {
            result(store.putEntry(e));
        }

        assertThat(result(store.listEntries(repo, "a/" + last))).containsExactly(exact, longer);
        assertThat(result(store.listEntries(repo, last))).as("no end to the range").containsExactly(onlyLast);
        assertThat(result(store.listEntries(repo, "a/"))).containsExactly(exact, longer);
    }

    @Test
    void textAtTheEdgesOfUtf8KeepsEveryCharacterInEveryField() {
        // Controls, quotes, LIKE's wildcards, invisible and bidirectional marks, a combining accent, the
        // noncharacters at the end of the first plane, the first and last code points beyond it.
        String edges = "\u0001\u001f\u007f \\ ' \" % _ \uFEFF\u200B\u202E\u2028 e\u0301 \uFFFD\uFFFE\uFFFF "
                + "\uD800\uDC00\uDBFF\uDFFF";
        CachedEntry entry = new CachedEntry(repo, "p/" + edges, "v/" + edges, digest("edges"), 7,
                "m/" + edges, "\"" + edges + "\"", "l" + edges, T0, T0);

        result(store.putEntry(entry));

        assertThat(result(store.findEntry(repo, entry.path(), entry.variant()))).contains(entry);
        assertThat(result(store.findVariants(repo, entry.path()))).containsExactly(entry);
        assertThat(result(store.listEntries(repo, "p/\u0001\u001f\u007f \\ ' \" %"))).containsExactly(entry);
    }

    @Test
    void keysNoEntryCanHaveFindNothingAndFailNothing() {
        CachedEntry question = entry(repo, "a?b", "question mark");
        result(store.putEntry(question));

        // The driver would send the unpaired surrogate as '?', and so find "a?b".
        assertThat(result(store.findEntry(repo, "a\uD800b"))).isEmpty();
        assertThat(result(store.findVariants(repo, "a\uD800b"))).isEmpty();
        assertThat(result(store.deleteEntry(repo, "a\uDC00b"))).isFalse();
        assertThat(result(store.listEntries(repo, "a\uD800"))).isEmpty();
        // PostgreSQL would refuse a NUL in text.
        assertThat(result(store.findEntry(repo, "a\0b"))).isEmpty();
        assertThat(result(store.findEntry(repo, "a?b", "\0"))).isEmpty();
        assertThat(result(store.findVariants(repo + "\0", "a?b"))).isEmpty();
        result(store.touch(repo, "a\0b", T0.plusSeconds(9)));
        assertThat(result(store.deleteEntry(repo, "a\0b"))).isFalse();
        assertThat(result(store.listEntries(repo, "a\0"))).isEmpty();
        assertThat(result(store.findEntry(repo, "a?b"))).contains(question);
    }

    @Test
    void aKeyThatAnotherPathHoldsFailsThePutAndLeavesThatPathAlone() throws SQLException {
        // Only a sha256 collision makes two long paths share a key: forge the other row by hand.
        String path = "x".repeat(PathKey.KEPT + 10);
        String other = "x".repeat(PathKey.KEPT + 11);
        try (Connection connection = postgres.connect(postgres.url());
             PreparedStatement insert = connection.prepareStatement("INSERT INTO cached_entry (" + EntryRows.COLUMNS
                     + ", path_key) VALUES (" + EntryRows.PARAMETERS + ", ?)")) {
            insert.setString(EntryRows.bind(insert, 1, entry(repo, other, "other")), PathKey.of(path));
            insert.executeUpdate();
        }

        try {
            assertThat(failure(store.putEntry(entry(repo, path, "mine"))))
                    .isInstanceOf(SQLException.class).hasMessageContaining("is another path's");

            assertThat(result(store.findEntry(repo, path))).as("the path is compared, not only its key").isEmpty();
            assertThat(result(store.listEntries(repo, ""))).containsExactly(entry(repo, other, "other"));
        } finally {
            try (Connection connection = postgres.connect(postgres.url());
                 PreparedStatement delete = connection.prepareStatement("DELETE FROM cached_entry WHERE repo_key = ?")) {
                delete.setString(1, repo); // the forged row's key is not its path's, so the store cannot delete it
                delete.executeUpdate();
            }
        }
    }

    @Test
    void aClosedStoreFailsEveryFutureAndClosesAgainQuietly() {
        MetadataStore closed = store;
        store = open();
        closed.close();

        List<CompletableFuture<?>> calls = List.of(closed.findEntry(repo, "a"), closed.findVariants(repo, "a"),
                closed.putEntry(entry(repo, "a", "a")), closed.touch(repo, "a", T0), closed.deleteEntry(repo, "a"),
                closed.listEntries(repo, ""), closed.forEachReferencedDigest(digest -> { }));

        for (CompletableFuture<?> call : calls) {
            assertThat(failure(call)).isInstanceOf(IllegalStateException.class).hasMessage("metadata store is closed");
        }
        closed.close();
    }

    @Test
    void writesAcceptedBeforeCloseAreCommittedBeforeItReturns() {
        MetadataStore closing = open();
        List<CompletableFuture<Void>> puts = IntStream.range(0, 50)
                .mapToObj(i -> closing.putEntry(entry(repo, "burst/" + i, "burst " + i))).toList();

        closing.close();

        puts.forEach(put -> assertThat(put).isCompleted());
        puts.forEach(put -> result(put));
        assertThat(result(store.listEntries(repo, "burst/"))).hasSize(50);
    }

    @Test
    void jdbcRunsOnTheMetadataThreads() {
        result(store.putEntry(entry(repo, "a", "a")));
        AtomicReference<String> visitorThread = new AtomicReference<>();

        result(store.forEachReferencedDigest(digest -> visitorThread.set(Thread.currentThread().getName())));

        assertThat(visitorThread.get()).startsWith("wharf-meta-");
    }

    @Test
    void aUrlOfAnotherDatabaseIsRefused() {
        assertThatThrownBy(() -> PostgresMetadataStore.open("jdbc:h2:mem:x?password=secret", null, null, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("url: jdbc:h2:mem:x?... (expected: jdbc:postgresql://HOST[:PORT]/DATABASE)");
        assertThatThrownBy(() -> PostgresMetadataStore.open(postgres.url(), postgres.user(), null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("poolSize: 0 (expected: >= 1)");
    }

    @Test
    void anUnreachableDatabaseFailsTheOpenWithoutPrintingThePassword() {
        // Port 1 on the loopback: refused at once, nothing listens there.
        assertThatThrownBy(() -> PostgresMetadataStore.open("jdbc:postgresql://127.0.0.1:1/test?password=pg-secret",
                "wharf", "pg-secret", 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("metadata store at jdbc:postgresql://127.0.0.1:1/test?...: ")
                .hasMessageNotContaining("pg-secret");
    }

    @Test
    void aSchemaThatDoesNotExistIsNamedAsTheProblem() {
        String missing = postgres.url().replaceAll("currentSchema=[^&]*", "currentSchema=wharf_no_such_schema");

        assertThatThrownBy(() -> PostgresMetadataStore.open(missing, postgres.user(), null, 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no schema to migrate");
    }

    private MetadataStore open() {
        return PostgresMetadataStore.open(postgres.url(), postgres.user(), null, POOL_SIZE);
    }

    /** {@code length} chars drawn from {@code [first, last]}, a block without surrogates. */
    private static String randomText(Random random, int length, int first, int last) {
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            text.append((char) (first + random.nextInt(last - first + 1)));
        }
        return text.toString();
    }
}
