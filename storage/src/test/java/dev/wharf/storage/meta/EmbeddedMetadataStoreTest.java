package dev.wharf.storage.meta;

import static dev.wharf.storage.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedMetadataStoreTest extends MetadataStoreConformance {
    @TempDir
    Path dir;

    @Override
    protected MetadataStore createStore() {
        return EmbeddedMetadataStore.open(dir);
    }

    @Test
    void databaseIsOneFileInTheDirectory() {
        assertThat(dir.resolve("wharf.mv.db")).isRegularFile();
    }

    @Test
    void reopeningFindsTheData() {
        CachedEntry entry = entry(repo, "library/alpine/manifests/latest", "persisted");
        result(store.putEntry(entry));
        store.close();

        store = EmbeddedMetadataStore.open(dir);

        assertThat(result(store.findEntry(repo, entry.path()))).contains(entry);
    }

    @Test
    void changesTheDatabaseFileLacksAreReplayedFromTheJournalAtOpen() throws IOException {
        CachedEntry kept = entry(repo, "library/alpine/manifests/latest", "kept");
        CachedEntry deleted = entry(repo, "library/alpine/manifests/edge", "deleted");
        result(store.putEntry(kept));
        result(store.putEntry(deleted));
        store.close();
        assertThat(dir.resolve("wharf.journal")).as("a clean close folds the journal into the file").isEmptyFile();

        // What a crash leaves when H2's recovery lost the last commits: the journal has them, the file not.
        CachedEntry lost = entry(repo, "library/alpine/manifests/3.20", "lost");
        CachedEntry replaced = entry(repo, "library/alpine/manifests/latest", "replaced");
        try (MetadataJournal journal = MetadataJournal.open(dir.resolve("wharf.journal"))) {
            journal.append(new JournalRecord.Put(lost));
            journal.append(new JournalRecord.Put(kept));
            journal.append(new JournalRecord.Put(replaced));
            journal.append(new JournalRecord.Delete(new JournalRecord.Key(repo, deleted.path(), "")));
        }

        store = EmbeddedMetadataStore.open(dir);

        assertThat(result(store.findEntry(repo, lost.path()))).contains(lost);
        assertThat(result(store.findEntry(repo, kept.path()))).as("the last change of a key wins").contains(replaced);
        assertThat(result(store.findEntry(repo, deleted.path()))).isEmpty();
        assertThat(dir.resolve("wharf.journal")).isEmptyFile();
    }

    @Test
    void reopeningDoesNotMigrateAgain() throws SQLException {
        int version = store.schemaVersion();
        store.close();

        store = EmbeddedMetadataStore.open(dir);
        store.close();

        assertThat(version).isPositive();
        try (Connection connection = connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*), MAX(version) FROM flyway_schema_history WHERE version IS NOT NULL")) {
            rows.next();
            // One row per common script: version 5 is PostgreSQL's alone, which H2 skips.
            assertThat(rows.getInt(1)).as("flyway_schema_history rows, one per common script").isEqualTo(version - 1);
            assertThat(rows.getString(2)).isEqualTo(String.valueOf(version));
        }
        store = EmbeddedMetadataStore.open(dir);
        assertThat(store.schemaVersion()).isEqualTo(version);
    }

    @Test
    void aDatabaseOfTheMigratorBeforeFlywayKeepsItsEntries() throws SQLException {
        int latest = store.schemaVersion();
        store.close();
        Path legacy = dir.resolve("legacy");
        try (Connection connection = DriverManager.getConnection(url(legacy), "sa", "");
             Statement statement = connection.createStatement()) {
            statement.execute("RUNSCRIPT FROM 'classpath:db/legacy/schema-migrator-v1.sql'");
            statement.execute("INSERT INTO cached_entry VALUES ('" + repo + "', 'app/manifests/v1', '" + digest("old")
                    + "', 42, 'application/json', '\"e1\"', NULL, TIMESTAMP WITH TIME ZONE '2024-05-01 10:15:30+00', "
                    + "TIMESTAMP WITH TIME ZONE '2024-05-01 10:15:30+00')");
        }

        store = EmbeddedMetadataStore.open(legacy);

        assertThat(store.schemaVersion()).isEqualTo(latest);
        CachedEntry found = result(store.findEntry(repo, "app/manifests/v1")).orElseThrow();
        assertThat(found.digest()).isEqualTo(digest("old"));
        assertThat(found.etag()).isEqualTo("\"e1\"");
    }

    @Test
    void jdbcRunsOnTheMetadataThreads() {
        result(store.putEntry(entry(repo, "a", "a")));
        AtomicReference<String> visitorThread = new AtomicReference<>();

        result(store.forEachReferencedDigest(digest -> visitorThread.set(Thread.currentThread().getName())));

        assertThat(visitorThread.get()).startsWith("wharf-meta-");
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url(dir), "sa", "");
    }

    private static String url(Path directory) {
        return "jdbc:h2:file:" + directory.resolve("wharf") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
    }
}
