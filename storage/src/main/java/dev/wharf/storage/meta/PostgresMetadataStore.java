package dev.wharf.storage.meta;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.wharf.codec.Digest;
import dev.wharf.storage.DaemonThreadFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The {@link MetadataStore} of the cluster shape ({@code storage.metadata.type: postgres}): one PostgreSQL
 * schema that every replica shares, the one the JDBC URL's {@code currentSchema} names (else the first of
 * the user's {@code search_path} that exists, usually {@code public}). The database must be UTF8.
 *
 * <p>Connections come from a HikariCP pool of {@code poolSize} (named {@code wharf-meta}) and are used
 * only on this store's {@code poolSize} daemon threads ({@code wharf-meta-N}), where every future
 * completes: no caller thread waits for the database, at most {@code poolSize} statements run at once,
 * and work beyond that queues in memory. Each operation is one statement in auto-commit mode, and the
 * future of a put or delete completes once PostgreSQL committed it: the change survives a crash of this
 * process (and, with PostgreSQL's default {@code fsync} and {@code synchronous_commit}, of the database
 * server too). Instants are kept to the microsecond.
 *
 * <p>{@link #open} migrates the schema (the scripts of {@link SchemaMigration#COMMON} and
 * {@link SchemaMigration#POSTGRES}) holding the {@link MigrationLock}, on up to three connections of its
 * own beside the pool, all closed before it returns, so replicas starting together take turns. Paths are
 * keyed by their {@link PathKey}, so every path {@link CachedEntry} accepts fits PostgreSQL's index.
 */
public final class PostgresMetadataStore implements MetadataStore {
    private static final String URL_PREFIX = "jdbc:postgresql:";

    private final HikariDataSource pool;
    private final ExecutorService executor;
    private final CachedEntries entries;
    private final TokenStore tokens;
    private final int schemaVersion;

    private PostgresMetadataStore(HikariDataSource pool, ExecutorService executor, int schemaVersion) {
        this.pool = pool;
        this.executor = executor;
        JdbcRunner jdbc = new JdbcRunner(pool::getConnection, executor);
        this.entries = new CachedEntries(jdbc, new PostgresEntryDialect());
        this.tokens = new JdbcTokenStore(jdbc, () -> CompletableFuture.completedFuture(null));
        this.schemaVersion = schemaVersion;
    }

    /**
     * Connects to the database at {@code url}, migrates its schema and fills the pool; blocks until done,
     * as it is meant to run at start (the JDBC work itself runs on the store's threads).
     *
     * @param url      {@code jdbc:postgresql://HOST[:PORT]/DATABASE}, with any of the driver's parameters
     * @param username the database user, or null for the URL's (else the driver's default)
     * @param password the user's password, or null for none (or the URL's)
     * @param poolSize connections in the pool and threads running statements, at least 1
     * @throws IllegalArgumentException when {@code url} is not a PostgreSQL JDBC URL or {@code poolSize} is below 1
     * @throws IllegalStateException    when the database cannot be reached or migrated, or is not UTF8
     */
    public static PostgresMetadataStore open(String url, String username, String password, int poolSize) {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith(URL_PREFIX)) {
            throw new IllegalArgumentException(
                    "url: " + redacted(url) + " (expected: jdbc:postgresql://HOST[:PORT]/DATABASE)");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize: " + poolSize + " (expected: >= 1)");
        }
        ExecutorService executor = Executors.newFixedThreadPool(poolSize, new DaemonThreadFactory("wharf-meta"));
        try {
            return JdbcRunner.awaitStartup(CompletableFuture.supplyAsync(() -> {
                int version = migrate(direct(url, username, password));
                return new PostgresMetadataStore(pool(url, username, password, poolSize), executor, version);
            }, executor));
        } catch (RuntimeException e) {
            executor.shutdownNow();
            throw new IllegalStateException("metadata store at " + redacted(url) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public CompletableFuture<Optional<CachedEntry>> findEntry(String repoKey, String path, String variant) {
        return entries.find(repoKey, path, variant);
    }

    @Override
    public CompletableFuture<List<CachedEntry>> findVariants(String repoKey, String path) {
        return entries.variants(repoKey, path);
    }

    /** {@inheritDoc} Completes once PostgreSQL committed the entry. */
    @Override
    public CompletableFuture<Void> putEntry(CachedEntry entry) {
        return entries.put(entry);
    }

    /** {@inheritDoc} One indexed single-row update, skipped when the recorded access is not older. */
    @Override
    public CompletableFuture<Void> touch(String repoKey, String path, String variant, Instant lastAccess) {
        return entries.touch(repoKey, path, variant, lastAccess);
    }

    /** {@inheritDoc} Completes once PostgreSQL committed the deletion. */
    @Override
    public CompletableFuture<Boolean> deleteEntry(String repoKey, String path, String variant) {
        return entries.delete(repoKey, path, variant);
    }

    /** {@inheritDoc} Ordered by path, then variant, in code point order. */
    @Override
    public CompletableFuture<List<CachedEntry>> listEntries(String repoKey, String pathPrefix) {
        return entries.list(repoKey, pathPrefix);
    }

    /** {@inheritDoc} The visitor runs on a metadata thread. */
    @Override
    public CompletableFuture<Void> forEachReferencedDigest(Consumer<Digest> visitor) {
        return entries.forEachDigest(visitor);
    }

    /** The API tokens, in the same schema; a change is durable once PostgreSQL committed it. */
    public TokenStore tokens() {
        return tokens;
    }

    @Override
    public int schemaVersion() {
        return schemaVersion;
    }

    /** Lets queued work finish (up to 10 s), then closes the pool's connections. */
    @Override
    public void close() {
        try {
            JdbcRunner.drain(executor);
        } finally {
            pool.close();
        }
    }

    /** Migrates the schema while holding its lock; blocking, for the store's thread. */
    private static int migrate(PGSimpleDataSource direct) {
        try (Connection connection = direct.getConnection()) {
            String schema = checkDatabase(connection);
            return MigrationLock.holding(connection, schema,
                    new SchemaMigration(direct, SchemaMigration.COMMON, SchemaMigration.POSTGRES)::migrate);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Refuses a database that cannot hold the store's text, or a schema that does not exist; returns the schema. */
    private static String checkDatabase(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT current_schema(), pg_encoding_to_char(encoding) FROM pg_database "
                        + "WHERE datname = current_database()");
             ResultSet row = query.executeQuery()) {
            row.next();
            String schema = row.getString(1);
            String encoding = row.getString(2);
            if (!"UTF8".equals(encoding)) {
                throw new IllegalStateException("database encoding " + encoding + " (expected: UTF8, which every path "
                        + "and the code point order of the keys need)");
            }
            if (schema == null) {
                throw new IllegalStateException("no schema to migrate: the URL's currentSchema, or else the search_path, "
                        + "names none that exists (expected: an existing schema, which the store does not create)");
            }
            return schema;
        }
    }

    /** Connections outside the pool, for the migration: Flyway holds two at once, the lock one more. */
    private static PGSimpleDataSource direct(String url, String username, String password) {
        PGSimpleDataSource direct = new PGSimpleDataSource();
        direct.setApplicationName("wharf"); // before the URL, whose own ApplicationName wins
        direct.setURL(url);
        if (username != null) {
            direct.setUser(username);
        }
        if (password != null) {
            direct.setPassword(password);
        }
        return direct;
    }

    private static HikariDataSource pool(String url, String username, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("wharf-meta");
        config.setJdbcUrl(url);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        // A default the URL's own ApplicationName overrides: shows which sessions are Wharf's in pg_stat_activity.
        config.addDataSourceProperty("ApplicationName", "wharf");
        return new HikariDataSource(config);
    }

    /** The URL without its parameters, which may carry a password, for messages. */
    private static String redacted(String url) {
        int parameters = url.indexOf('?');
        return parameters < 0 ? url : url.substring(0, parameters) + "?...";
    }
}
