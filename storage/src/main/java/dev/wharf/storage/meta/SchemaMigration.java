package dev.wharf.storage.meta;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;

/**
 * Brings a metadata database's schema up to date with Flyway, from the versioned SQL scripts in classpath
 * directories: {@value #COMMON}, which both metadata stores run (on H2 in PostgreSQL mode and on
 * PostgreSQL, so they keep to SQL that both read alike), and beside it {@value #POSTGRES}, which only
 * the PostgreSQL store adds, for what PostgreSQL needs apart (bounded index entries, {@code jsonb}).
 *
 * <p>Scripts are named {@code V<n>__<description>.sql} with whole-number versions, unique across the
 * directories: a version is taken either by a common script or by a PostgreSQL one, which H2 then skips
 * for good (a script added later below the version a database reached is refused as not applied, so a
 * vendor script can never be slipped in under a common one). Flyway records each script applied in
 * {@code flyway_schema_history}, and migrating again applies nothing. A database made by the
 * hand-written migrator Flyway replaced has a {@code schema_version} table at version 1 and no Flyway
 * history: its schema is V1's, so it is baselined at 1 and the later scripts (V2 drops the old table) run
 * on it. A database that a newer Wharf migrated past the newest script here is refused, not used. A failed
 * script fails the migration with a message naming it; H2 commits DDL as it goes, so such a script may be
 * left half applied there and must be mended by hand before the next start (PostgreSQL rolls it back).
 * Replicas migrating one PostgreSQL schema at once take turns ({@link MigrationLock}).
 */
final class SchemaMigration {
    /** The scripts of every metadata store. */
    static final String COMMON = "db/migration/common";
    /** The scripts only the PostgreSQL store runs, after or between the common ones by version. */
    static final String POSTGRES = "db/migration/postgres";
    private static final String LEGACY_TABLE = "schema_version";
    private static final String HISTORY_TABLE = "flyway_schema_history";

    private final DataSource dataSource;
    private final List<String> locations;

    /** A migration of {@code dataSource} from the scripts in {@value #COMMON}, as the embedded store runs it. */
    SchemaMigration(DataSource dataSource) {
        this(dataSource, COMMON);
    }

    /** A migration of {@code dataSource} from the scripts in the classpath directories {@code locations}. */
    SchemaMigration(DataSource dataSource, String... locations) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.locations = List.of(locations);
        if (this.locations.isEmpty()) {
            throw new IllegalArgumentException("locations: none (expected: at least one classpath directory)");
        }
    }

    /**
     * Applies the scripts the database lacks; blocking JDBC work, for the store's own executor.
     *
     * @return the schema version after migrating
     * @throws IllegalStateException when a script fails (naming it), the database is newer than these
     *                               scripts, or its old {@code schema_version} table is not at version 1
     */
    int migrate() {
        Flyway flyway = Flyway.configure(SchemaMigration.class.getClassLoader())
                .dataSource(dataSource)
                .locations(locations.stream().map(location -> "classpath:" + location).toArray(String[]::new))
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                .table(HISTORY_TABLE)
                .baselineVersion("1")
                .baselineDescription("schema_version 1, written before Flyway")
                .load();
        try {
            refuseNewer(flyway);
            if (needsBaseline()) {
                flyway.baseline();
            }
            flyway.migrate();
            MigrationInfo current = flyway.info().current();
            return current == null ? 0 : Integer.parseInt(current.getVersion().getVersion());
        } catch (FlywayException | SQLException e) {
            throw new IllegalStateException(
                    "schema migration from " + describedLocations() + " failed: " + e.getMessage(), e);
        }
    }

    /** Flyway itself ignores applied versions it has no script for: a newer Wharf's schema must not be used. */
    private void refuseNewer(Flyway flyway) {
        MigrationInfoService info = flyway.info();
        for (MigrationInfo applied : info.applied()) {
            if (applied.getState() == MigrationState.FUTURE_SUCCESS || applied.getState() == MigrationState.FUTURE_FAILED) {
                throw new IllegalStateException(String.format("schema version %s in the database (expected: at most %s, "
                        + "the latest in %s): it was migrated by a newer Wharf", applied.getVersion(),
                        latestResolved(info.all()), describedLocations()));
            }
        }
    }

    private String describedLocations() {
        return String.join(" and ", locations);
    }

    private static String latestResolved(MigrationInfo[] all) {
        String latest = "none";
        for (MigrationInfo info : all) {
            if (info.getState().isResolved() && info.getVersion() != null) {
                latest = info.getVersion().getVersion();
            }
        }
        return latest;
    }

    /** True for a database of the migrator before Flyway: its {@code schema_version} table and no Flyway history. */
    private boolean needsBaseline() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!hasTable(connection, LEGACY_TABLE) || hasTable(connection, HISTORY_TABLE)) {
                return false;
            }
            int version;
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM " + LEGACY_TABLE)) {
                rows.next();
                version = rows.getInt(1);
            }
            if (version != 1) {
                throw new IllegalStateException(String.format("%s table at version %d (expected: 1, the only version "
                        + "written before Flyway)", LEGACY_TABLE, version));
            }
            return true;
        }
    }

    private static boolean hasTable(Connection connection, String name) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String pattern = name.replace("_", meta.getSearchStringEscape() + "_");
        try (ResultSet tables = meta.getTables(connection.getCatalog(), connection.getSchema(), pattern, null)) {
            return tables.next();
        }
    }
}
