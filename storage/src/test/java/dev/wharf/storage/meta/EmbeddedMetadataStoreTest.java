package dev.wharf.storage.meta;

import static dev.wharf.storage.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

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
    void reopeningDoesNotMigrateAgain() throws SQLException {
        int version = store.schemaVersion();
        store.close();

        store = EmbeddedMetadataStore.open(dir);
        store.close();

        assertThat(version).isEqualTo(new SchemaMigrator("db/embedded").latestVersion()).isPositive();
        try (Connection connection = DriverManager.getConnection(
                "jdbc:h2:file:" + dir.resolve("wharf") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*), MAX(version) FROM schema_version")) {
            rows.next();
            assertThat(rows.getInt(1)).as("schema_version rows").isEqualTo(version);
            assertThat(rows.getInt(2)).isEqualTo(version);
        }
        store = EmbeddedMetadataStore.open(dir);
        assertThat(store.schemaVersion()).isEqualTo(version);
    }

    @Test
    void jdbcRunsOnTheMetadataThreads() {
        result(store.putEntry(entry(repo, "a", "a")));
        AtomicReference<String> visitorThread = new AtomicReference<>();

        result(store.forEachReferencedDigest(digest -> visitorThread.set(Thread.currentThread().getName())));

        assertThat(visitorThread.get()).startsWith("wharf-meta-");
    }
}
