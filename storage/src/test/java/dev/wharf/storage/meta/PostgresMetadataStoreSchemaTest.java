package dev.wharf.storage.meta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.storage.testing.PostgresSchemas;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The schema the PostgreSQL scripts make: a bounded key, jsonb, and an index for every hot lookup that
 * PostgreSQL uses even in the generic plan of a prepared statement (the driver's after five runs).
 */
class PostgresMetadataStoreSchemaTest {
    @RegisterExtension
    static final PostgresSchemas postgres = new PostgresSchemas();
    private static Connection connection;

    @BeforeAll
    static void migrate() throws SQLException {
        PostgresMetadataStore.open(postgres.url(), postgres.user(), null, 1).close();
        connection = postgres.connect(postgres.url());
        try (Statement statement = connection.createStatement()) {
            // Index use is the question, not what an empty table makes cheapest.
            statement.execute("SET plan_cache_mode = force_generic_plan");
            statement.execute("SET enable_seqscan = off");
        }
    }

    @AfterAll
    static void disconnect() throws SQLException {
        if (connection != null) {
            connection.close();
        }
    }

    @Test
    void theKeyHoldsThePathKeyNotThePath() throws SQLException {
        assertThat(rows("SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                + "AND a.attnum = ANY (i.indkey) WHERE i.indrelid = 'cached_entry'::regclass AND i.indisprimary "
                + "ORDER BY array_position(i.indkey::int2[], a.attnum)"))
                .containsExactly("repo_key", "path_key", "variant");
        assertThat(rows("SELECT column_name || ' ' || collation_name FROM information_schema.columns "
                + "WHERE table_schema = current_schema() AND table_name = 'cached_entry' AND collation_name IS NOT NULL "
                + "AND column_name IN ('path', 'path_key', 'variant') ORDER BY column_name"))
                .containsExactly("path C", "path_key C", "variant C");
    }

    @Test
    void repositorySettingsAreJsonb() throws SQLException {
        assertThat(rows("SELECT data_type FROM information_schema.columns WHERE table_schema = current_schema() "
                + "AND table_name = 'repository' AND column_name = 'config_json'")).containsExactly("jsonb");
    }

    @Test
    void anEntryIsFoundByItsKey() throws SQLException {
        assertThat(plan("find", "text, text, text, text", "SELECT * FROM cached_entry "
                + "WHERE repo_key = $1 AND path_key = $2 AND path = $3 AND variant = $4", "'r', 'p', 'p', ''"))
                .contains("Index Scan using cached_entry_key")
                .contains("Index Cond: (((repo_key)::text = $1) AND ((path_key)::text = $2) AND ((variant)::text = $4))");
    }

    @Test
    void thePathsUnderAPrefixAreOneRangeOfTheKey() throws SQLException {
        assertThat(plan("prefix", "text, text, text, text", "SELECT * FROM cached_entry WHERE repo_key = $1 "
                + "AND path_key >= $2 AND path_key < $3 AND path LIKE $4 ESCAPE '\\' ORDER BY path, variant",
                "'r', 'a/', 'a0', 'a/%'"))
                .contains("Index Scan using cached_entry_key")
                .contains("Index Cond: (((repo_key)::text = $1) AND ((path_key)::text >= $2) AND ((path_key)::text < $3))");
    }

    @Test
    void entriesAreFoundByDigestAndByLastAccess() throws SQLException {
        assertThat(plan("digest", "text", "SELECT 1 FROM cached_entry WHERE digest = $1", "'sha256:00'"))
                .contains("cached_entry_digest");
        assertThat(plan("oldest", "int", "SELECT * FROM cached_entry ORDER BY last_access LIMIT $1", "100"))
                .contains("cached_entry_last_access");
    }

    /** The generic plan PostgreSQL makes for {@code sql} as a prepared statement. */
    private static String plan(String name, String types, String sql, String arguments) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PREPARE " + name + " (" + types + ") AS " + sql);
            try {
                return String.join("\n", rows("EXPLAIN EXECUTE " + name + " (" + arguments + ")"));
            } finally {
                statement.execute("DEALLOCATE " + name);
            }
        }
    }

    private static List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }
}
