package dev.wharf.storage.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchemaMigratorTest {
    private Connection connection;

    @BeforeEach
    void openDatabase() throws SQLException {
        connection = DriverManager.getConnection(
                "jdbc:h2:mem:migrator-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "");
    }

    @AfterEach
    void closeDatabase() throws SQLException {
        connection.close();
    }

    @Test
    void appliesScriptsInOrderAndRecordsThem() throws SQLException {
        int version = new SchemaMigrator("db/migrator-test/v2").migrate(connection);

        assertThat(version).isEqualTo(2);
        assertThat(query("SELECT version, description FROM schema_version ORDER BY version"))
                .containsExactly("1 things", "2 more things");
        assertThat(query("SELECT id, name FROM thing")).containsExactly("1 first; not the end of a statement");
        assertThat(query("SELECT COUNT(colour) FROM thing")).containsExactly("0");
    }

    @Test
    void laterScriptsApplyOnTopOfEarlierOnes() throws SQLException {
        assertThat(new SchemaMigrator("db/migrator-test/v1").migrate(connection)).isEqualTo(1);

        assertThat(new SchemaMigrator("db/migrator-test/v2").migrate(connection)).isEqualTo(2);

        assertThat(query("SELECT version FROM schema_version ORDER BY version")).containsExactly("1", "2");
    }

    @Test
    void migratingAgainChangesNothing() throws SQLException {
        SchemaMigrator migrator = new SchemaMigrator("db/migrator-test/v2");
        migrator.migrate(connection);

        assertThat(migrator.migrate(connection)).isEqualTo(2);

        assertThat(query("SELECT COUNT(*) FROM schema_version")).containsExactly("2");
        assertThat(query("SELECT COUNT(*) FROM thing")).containsExactly("1");
    }

    @Test
    void aDatabaseNewerThanTheScriptsIsRefused() throws SQLException {
        new SchemaMigrator("db/migrator-test/v2").migrate(connection);

        assertThatThrownBy(() -> new SchemaMigrator("db/migrator-test/v1").migrate(connection))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("schema version 2 in the database (expected: at most 1");
    }

    @Test
    void aFailingScriptIsNamedAndNotRecorded() throws SQLException {
        assertThatThrownBy(() -> new SchemaMigrator("db/migrator-test/broken").migrate(connection))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("db/migrator-test/broken/V2__broken.sql failed");

        assertThat(query("SELECT version FROM schema_version")).containsExactly("1");
        assertThat(query("SELECT COUNT(*) FROM thing")).as("the failed script's insert was rolled back")
                .containsExactly("1");
    }

    @Test
    void aGapInTheListingIsRefused() {
        assertThatThrownBy(() -> new SchemaMigrator("db/migrator-test/gap"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("V3__skipped_two.sql (expected: version 2 next)");
    }

    @Test
    void statementsEndAtASemicolonThatEndsALine() {
        assertThat(SchemaMigrator.statements("-- comment; not a statement\nCREATE TABLE a (x VARCHAR);\n"
                + "INSERT INTO a VALUES ('one; two');  \nSELECT 1"))
                .containsExactly("CREATE TABLE a (x VARCHAR)", "INSERT INTO a VALUES ('one; two')", "SELECT 1");
    }

    private List<String> query(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
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
