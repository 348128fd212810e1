package dev.wharf.storage.meta;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings a database schema up to date from versioned SQL scripts on the classpath, recording each
 * applied version in a {@code schema_version} table.
 *
 * <p>The scripts live in one classpath directory ({@code db/embedded} for the embedded store) and are
 * listed, in order, in its {@code migrations.txt}: a listing works the same from a directory and from
 * inside the shaded JAR. Names follow {@code V<n>__<description>.sql} with versions 1, 2, 3, ... and no
 * gaps. Statements in a script end with {@code ;} at the end of a line; lines starting with {@code --}
 * are comments. Each script runs in its own transaction together with its {@code schema_version} row
 * (databases that commit DDL implicitly, such as H2, can leave a failed script half applied; its version
 * is then not recorded, so fix the script and the database by hand). Scripts already recorded are skipped,
 * so migrating again is a no-op.
 */
public final class SchemaMigrator {
    /** The name of the listing file in a migrations directory. */
    public static final String LISTING = "migrations.txt";
    private static final Pattern SCRIPT_NAME = Pattern.compile("V([1-9][0-9]*)__([A-Za-z0-9_]+)\\.sql");
    private static final Pattern STATEMENT_END = Pattern.compile(";[ \\t]*(?:\\r?\\n|$)");

    private final String location;
    private final List<Script> scripts;

    /** Reads the listing of {@code location}, a classpath directory such as {@code db/embedded}. */
    public SchemaMigrator(String location) {
        this.location = Objects.requireNonNull(location, "location");
        this.scripts = readListing();
    }

    /** The version the last listed script migrates to. */
    public int latestVersion() {
        return scripts.size();
    }

    /**
     * Applies the scripts newer than the database's recorded version, each in one transaction.
     *
     * @return the schema version after migrating
     * @throws SQLException when a script fails (naming it), or the database is newer than these scripts
     */
    public int migrate(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        try {
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                        + "version INT PRIMARY KEY, description VARCHAR(255) NOT NULL, "
                        + "applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            }
            int current = recordedVersion(connection);
            if (current > latestVersion()) {
                throw new SQLException(String.format("schema version %d in the database (expected: at most %d, "
                        + "the latest of %s): it was written by a newer Wharf", current, latestVersion(), location));
            }
            connection.setAutoCommit(false);
            for (Script script : scripts.subList(current, scripts.size())) {
                apply(connection, script);
            }
            return latestVersion();
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private void apply(Connection connection, Script script) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements(load(script.name()))) {
                statement.execute(sql);
            }
            try (PreparedStatement record = connection.prepareStatement(
                    "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                record.setInt(1, script.version());
                record.setString(2, script.description());
                record.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
                record.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw new SQLException("migration " + location + "/" + script.name() + " failed: " + e.getMessage(), e);
        }
    }

    private static int recordedVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    static List<String> statements(String script) {
        StringBuilder withoutComments = new StringBuilder();
        for (String line : script.split("\\r?\\n")) {
            if (!line.strip().startsWith("--")) {
                withoutComments.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String sql : STATEMENT_END.split(withoutComments)) {
            if (!sql.isBlank()) {
                statements.add(sql.strip());
            }
        }
        return statements;
    }

    private List<Script> readListing() {
        List<Script> listed = new ArrayList<>();
        for (String line : load(LISTING).split("\\r?\\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            Matcher matcher = SCRIPT_NAME.matcher(name);
            if (!matcher.matches()) {
                throw new IllegalStateException(String.format(
                        "%s/%s lists %s (expected: V<n>__<description>.sql)", location, LISTING, name));
            }
            int version = Integer.parseInt(matcher.group(1));
            if (version != listed.size() + 1) {
                throw new IllegalStateException(String.format(
                        "%s/%s lists %s (expected: version %d next)", location, LISTING, name, listed.size() + 1));
            }
            listed.add(new Script(version, matcher.group(2).replace('_', ' '), name));
        }
        return List.copyOf(listed);
    }

    private String load(String name) {
        String resource = location + "/" + name;
        try (InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading classpath resource " + resource, e);
        }
    }

    private record Script(int version, String description, String name) {
    }
}
