package dev.wharf.storage.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Flyway as the metadata stores run it, on an in-memory H2 in PostgreSQL mode with test scripts. */
class SchemaMigrationTest {
    /** Flyway's history rows of versioned scripts (it also records a row for creating its own table). */
    private static final String SCRIPTS = "flyway_schema_history WHERE version IS NOT NULL AND success";
    private final JdbcDataSource dataSource = new JdbcDataSource();
    private Connection keepAlive;

    @BeforeEach
    void openDatabase() throws SQLException {
        dataSource.setURL("jdbc:h2:mem:migration-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        dataSource.setUser("sa");
        keepAlive = dataSource.getConnection(); // an in-memory database lives while a connection is open
    }

    @AfterEach
    void closeDatabase() throws SQLException {
        keepAlive.close();
    }

    @Test
    void appliesScriptsInOrderAndRecordsThem() throws SQLException {
        int version = new SchemaMigration(dataSource, "db/migration-test/v2").migrate();

        assertThat(version).isEqualTo(2);
        assertThat(query("SELECT version, description FROM " + SCRIPTS + " ORDER BY installed_rank"))
                .containsExactly("1 things", "2 more things");
        assertThat(query("SELECT id, name FROM thing")).containsExactly("1 first; not the end of a statement");
        assertThat(query("SELECT COUNT(colour) FROM thing")).containsExactly("0");
    }

    @Test
    void laterScriptsApplyOnTopOfEarlierOnes() throws SQLException {
        assertThat(new SchemaMigration(dataSource, "db/migration-test/v1").migrate()).isEqualTo(1);

        assertThat(new SchemaMigration(dataSource, "db/migration-test/v2").migrate()).isEqualTo(2);

        assertThat(query("SELECT version FROM " + SCRIPTS + " ORDER BY installed_rank")).containsExactly("1", "2");
    }

    @Test
    void migratingAgainChangesNothing() throws SQLException {
        SchemaMigration migration = new SchemaMigration(dataSource, "db/migration-test/v2");
        migration.migrate();

        assertThat(migration.migrate()).isEqualTo(2);

        assertThat(query("SELECT COUNT(*) FROM " + SCRIPTS)).containsExactly("2");
        assertThat(query("SELECT COUNT(*) FROM thing")).containsExactly("1");
    }

    @Test
    void scriptsOfSeveralDirectoriesRunInTheOrderOfTheirVersions() throws SQLException {
        int version = new SchemaMigration(dataSource, "db/migration-test/common", "db/migration-test/vendor").migrate();

        assertThat(version).isEqualTo(3);
        assertThat(query("SELECT version, description FROM " + SCRIPTS + " ORDER BY installed_rank"))
                .containsExactly("1 things", "2 vendor things", "3 even more things");
    }

    @Test
    void aDatabaseWithoutTheVendorScriptsMigratesPastTheirVersions() throws SQLException {
        assertThat(new SchemaMigration(dataSource, "db/migration-test/common").migrate()).isEqualTo(3);

        assertThat(query("SELECT version FROM " + SCRIPTS + " ORDER BY installed_rank")).containsExactly("1", "3");
    }

    @Test
    void aScriptBelowTheVersionReachedIsRefusedRatherThanSkipped() {
        new SchemaMigration(dataSource, "db/migration-test/common").migrate();

        assertThatThrownBy(() -> new SchemaMigration(dataSource, "db/migration-test/common", "db/migration-test/vendor")
                .migrate())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("schema migration from db/migration-test/common and db/migration-test/vendor failed")
                .hasMessageContaining("not applied");
    }

    @Test
    void aDatabaseNewerThanTheScriptsIsRefused() {
        new SchemaMigration(dataSource, "db/migration-test/v2").migrate();

        assertThatThrownBy(() -> new SchemaMigration(dataSource, "db/migration-test/v1").migrate())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("schema version 2 in the database (expected: at most 1, the latest in "
                        + "db/migration-test/v1): it was migrated by a newer Wharf");
    }

    @Test
    void aFailingScriptIsNamedAndNotRecorded() throws SQLException {
        SchemaMigration broken = new SchemaMigration(dataSource, "db/migration-test/broken");

        assertThatThrownBy(broken::migrate)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("schema migration from db/migration-test/broken failed")
                .hasMessageContaining("Failed to execute script V2__broken.sql")
                .hasMessageContaining("no_such_table");

        assertThat(query("SELECT version FROM " + SCRIPTS)).as("the failed script is not recorded").containsExactly("1");
        assertThat(query("SELECT COUNT(*) FROM thing")).as("its insert was rolled back").containsExactly("1");
        assertThatThrownBy(broken::migrate).as("the next start runs it again, and fails until it is mended")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("schema migration from db/migration-test/broken failed");
    }

    @Test
    void theMetadataScriptsBaselineADatabaseOfTheMigratorBeforeFlyway() throws SQLException {
        try (Statement statement = keepAlive.createStatement()) {
            statement.execute("RUNSCRIPT FROM 'classpath:db/legacy/schema-migrator-v1.sql'");
        }

        int version = new SchemaMigration(dataSource).migrate();

        assertThat(version).isGreaterThanOrEqualTo(2);
        assertThat(query("SELECT version, type FROM " + SCRIPTS + " ORDER BY installed_rank").get(0))
                .isEqualTo("1 BASELINE");
        assertThat(query("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'schema_version'"))
                .as("the old table is dropped").containsExactly("0");
    }

    @Test
    void anOldSchemaVersionTableAtAnotherVersionIsRefused() throws SQLException {
        try (Statement statement = keepAlive.createStatement()) {
            statement.execute("RUNSCRIPT FROM 'classpath:db/legacy/schema-migrator-v1.sql'");
            statement.execute("INSERT INTO schema_version VALUES (2, 'unknown', CURRENT_TIMESTAMP)");
        }

        assertThatThrownBy(() -> new SchemaMigration(dataSource).migrate())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("schema_version table at version 2 (expected: 1");
    }

    private List<String> query(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = keepAlive.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(result.getString(i));
                }
                rows.add(String.join(" ", values));
            }
        }
        return rows;
    }
}
