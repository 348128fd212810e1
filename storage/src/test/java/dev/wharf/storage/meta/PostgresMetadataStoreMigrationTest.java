package dev.wharf.storage.meta;

import static dev.wharf.storage.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.codec.Digest;
import dev.wharf.storage.testing.PostgresSchemas;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Replicas starting together on one fresh PostgreSQL schema migrate it once, one after the other. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PostgresMetadataStoreMigrationTest {
    @RegisterExtension
    static final PostgresSchemas postgres = new PostgresSchemas();
    private static final String SCRIPTS = "flyway_schema_history WHERE version IS NOT NULL";
    private static final Pattern SCHEMA = Pattern.compile("currentSchema=([a-z0-9_]+)");

    @Test
    void fourReplicasOpeningAFreshSchemaAtOnceMigrateItOnce() throws Exception {
        String url = postgres.newSchemaUrl();
        int replicas = 4;
        ExecutorService starts = Executors.newFixedThreadPool(replicas);
        CyclicBarrier together = new CyclicBarrier(replicas);
        List<Future<PostgresMetadataStore>> opening = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            opening.add(starts.submit(() -> {
                together.await();
                return open(url);
            }));
        }
        List<PostgresMetadataStore> stores = new ArrayList<>();
        try {
            for (Future<PostgresMetadataStore> store : opening) {
                stores.add(store.get(60, TimeUnit.SECONDS));
            }

            int version = stores.get(0).schemaVersion();
            assertThat(stores).extracting(MetadataStore::schemaVersion).containsOnly(version);
            assertThat(version).isGreaterThanOrEqualTo(5);
            try (Connection connection = postgres.connect(url)) {
                assertThat(single(connection, "SELECT COUNT(*) FROM " + SCRIPTS)).as("scripts applied").isEqualTo(version);
                assertThat(single(connection, "SELECT COUNT(DISTINCT version) FROM " + SCRIPTS)).isEqualTo(version);
                assertThat(single(connection, "SELECT COUNT(*) FROM " + SCRIPTS + " AND NOT success")).isZero();
            }
            CachedEntry entry = new CachedEntry("replicas", "a/b", sha256("a/b"), 1, null, null, null, Instant.EPOCH,
                    Instant.EPOCH);
            result(stores.get(0).putEntry(entry));
            assertThat(result(stores.get(3).findEntry("replicas", "a/b"))).as("one schema for all").contains(entry);
            result(stores.get(1).deleteEntry("replicas", "a/b"));
        } finally {
            stores.forEach(MetadataStore::close);
            starts.shutdownNow();
        }
    }

    @Test
    void aReplicaWaitsWhileAnotherOneHoldsTheMigrationLock() throws Exception {
        String url = postgres.newSchemaUrl();
        try (Connection other = postgres.connect(url)) {
            advisory(other, "pg_advisory_lock", url);
            CompletableFuture<PostgresMetadataStore> opening = CompletableFuture.supplyAsync(() -> open(url));
            try {
                assertThatThrownBy(() -> opening.get(1, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
                assertThat(single(other, "SELECT COUNT(*) FROM information_schema.tables "
                        + "WHERE table_schema = current_schema() AND table_name = 'flyway_schema_history'"))
                        .as("nothing migrated while waiting").isZero();
            } finally {
                advisory(other, "pg_advisory_unlock", url);
            }
            try (PostgresMetadataStore store = opening.get(60, TimeUnit.SECONDS)) {
                assertThat(store.schemaVersion()).isGreaterThanOrEqualTo(5);
            }
        }
    }

    @Test
    void reopeningAMigratedSchemaAppliesNothing() throws SQLException {
        String url = postgres.newSchemaUrl();
        int version;
        try (PostgresMetadataStore first = open(url)) {
            version = first.schemaVersion();
        }

        try (PostgresMetadataStore again = open(url); Connection connection = postgres.connect(url)) {
            assertThat(again.schemaVersion()).isEqualTo(version);
            assertThat(single(connection, "SELECT COUNT(*) FROM " + SCRIPTS)).isEqualTo(version);
        }
    }

    @Test
    void aDatabaseNotInUtf8IsRefused() throws SQLException {
        String database = "wharf_test_ascii_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = postgres.connect(postgres.url()); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database
                    + " ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");
            try {
                String url = postgres.url().replaceFirst("^(jdbc:postgresql://[^/?]*/)[^?]*", "$1" + database);

                assertThatThrownBy(() -> open(url))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("database encoding SQL_ASCII (expected: UTF8");
            } finally {
                statement.execute("DROP DATABASE " + database);
            }
        }
    }

    private static PostgresMetadataStore open(String url) {
        return PostgresMetadataStore.open(url, postgres.user(), null, 2);
    }

    /** Takes or releases, as another replica would, the lock the store migrates the schema of {@code url} under. */
    private static void advisory(Connection connection, String function, String url) throws SQLException {
        Matcher schema = SCHEMA.matcher(url);
        assertThat(schema.find()).isTrue();
        try (PreparedStatement lock = connection.prepareStatement("SELECT " + function + "(?)")) {
            lock.setLong(1, MigrationLock.key(schema.group(1)));
            lock.execute();
        }
    }

    private static long single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Digest sha256(String text) {
        return Digest.sha256Of(text.getBytes(StandardCharsets.UTF_8));
    }
}
