package dev.wharf.storage.meta;

import dev.wharf.codec.Digest;
import dev.wharf.storage.DaemonThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The {@link MetadataStore} of the embedded shape: an H2 database in one file, {@code <dir>/wharf.mv.db}.
 *
 * <p>Why H2 rather than SQLite: H2 is pure Java, so the single JAR runs anywhere without extracting a
 * native library; it serves concurrent connections with MVCC, so readers never wait for a writer; and in
 * {@code MODE=PostgreSQL} it speaks close to PostgreSQL's dialect, so the schema scripts of this store
 * and of the PostgreSQL store stay close.
 *
 * <p>Connections come from H2's own pool (at most 4) and are used only on this store's 4 daemon threads
 * ({@code wharf-meta-N}), where every future completes. The schema is migrated by Flyway from the scripts
 * the PostgreSQL store shares ({@link SchemaMigration}) before {@link #open} returns. Instants are kept to
 * the microsecond. Puts and deletes complete once the change is in the database file, so it survives a
 * SIGKILL of the process ({@link Checkpoints}).
 */
public final class EmbeddedMetadataStore implements MetadataStore {
    private static final int THREADS = 4;
    private static final String ENTRY_COLUMNS =
            "repo_key, path, variant, digest, size, media_type, etag, last_modified, fetched_at, last_access";

    private final JdbcConnectionPool pool;
    private final ExecutorService executor;
    private final JdbcRunner jdbc;
    private final Checkpoints checkpoints;
    private final int schemaVersion;

    private EmbeddedMetadataStore(JdbcConnectionPool pool, ExecutorService executor) {
        this.pool = pool;
        this.executor = executor;
        this.jdbc = new JdbcRunner(pool, executor);
        this.checkpoints = new Checkpoints(jdbc);
        // The migrated schema is in the file before open() returns: a process killed just after its start
        // must not leave a half-migrated database, whose scripts would then fail when run again.
        this.schemaVersion = awaitStartup(CompletableFuture.supplyAsync(new SchemaMigration(pool)::migrate, executor)
                .thenCompose(version -> checkpoints.afterCommit().thenApply(v -> version)));
    }

    /**
     * Opens (creating if needed) the database in {@code dir} and migrates its schema; blocks until done,
     * as it is meant to run at start.
     *
     * @throws IllegalStateException when the database cannot be opened or migrated
     */
    public static EmbeddedMetadataStore open(Path dir) {
        Path absolute = Objects.requireNonNull(dir, "dir").toAbsolutePath();
        if (absolute.toString().contains(";")) {
            throw new IllegalArgumentException("metadata path: " + absolute + " (expected: no ';', which H2 URLs reserve)");
        }
        try {
            Files.createDirectories(absolute);
        } catch (IOException e) {
            throw new UncheckedIOException("metadata directory " + absolute, e);
        }
        // DB_CLOSE_ON_EXIT=FALSE: H2's own shutdown hook would close the database while the server's
        // graceful stop still lets in-flight fills record their metadata; close() closes it instead.
        String url = "jdbc:h2:file:" + absolute.resolve("wharf")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE";
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
        pool.setMaxConnections(THREADS);
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, new DaemonThreadFactory("wharf-meta"));
        try {
            return new EmbeddedMetadataStore(pool, executor);
        } catch (RuntimeException e) {
            executor.shutdownNow();
            pool.dispose();
            throw new IllegalStateException("metadata store at " + absolute + ": " + e.getMessage(), e);
        }
    }

    @Override
    public CompletableFuture<Optional<CachedEntry>> findEntry(String repoKey, String path, String variant) {
        Objects.requireNonNull(repoKey, "repoKey");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(variant, "variant");
        return jdbc.run(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + ENTRY_COLUMNS
                    + " FROM cached_entry WHERE repo_key = ? AND path = ? AND variant = ?")) {
                query.setString(1, repoKey);
                query.setString(2, path);
                query.setString(3, variant);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.of(entry(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public CompletableFuture<List<CachedEntry>> findVariants(String repoKey, String path) {
        Objects.requireNonNull(repoKey, "repoKey");
        Objects.requireNonNull(path, "path");
        return jdbc.run(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + ENTRY_COLUMNS
                    + " FROM cached_entry WHERE repo_key = ? AND path = ? ORDER BY variant")) {
                query.setString(1, repoKey);
                query.setString(2, path);
                return entries(query);
            }
        });
    }

    /** {@inheritDoc} Completes once the entry is in the database file ({@link Checkpoints}). */
    @Override
    public CompletableFuture<Void> putEntry(CachedEntry entry) {
        Objects.requireNonNull(entry, "entry");
        return jdbc.<Void>run(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("MERGE INTO cached_entry (" + ENTRY_COLUMNS
                    + ") KEY (repo_key, path, variant) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                upsert.setString(1, entry.repoKey());
                upsert.setString(2, entry.path());
                upsert.setString(3, entry.variant());
                upsert.setString(4, entry.digest().toString());
                upsert.setLong(5, entry.size());
                upsert.setString(6, entry.mediaType());
                upsert.setString(7, entry.etag());
                upsert.setString(8, entry.lastModified());
                upsert.setObject(9, utc(entry.fetchedAt()));
                upsert.setObject(10, utc(entry.lastAccess()));
                upsert.executeUpdate();
                return null;
            }
        }).thenCompose(v -> checkpoints.afterCommit());
    }

    /**
     * {@inheritDoc} One indexed single-row update, skipped when the recorded access is not older. Not
     * waited for into the file: a crash loses at most the last half second of touches, which costs an
     * eviction nothing.
     */
    @Override
    public CompletableFuture<Void> touch(String repoKey, String path, String variant, Instant lastAccess) {
        Objects.requireNonNull(repoKey, "repoKey");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(lastAccess, "lastAccess");
        return jdbc.run(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE cached_entry SET last_access = ? "
                    + "WHERE repo_key = ? AND path = ? AND variant = ? AND last_access < ?")) {
                OffsetDateTime when = utc(lastAccess);
                update.setObject(1, when);
                update.setString(2, repoKey);
                update.setString(3, path);
                update.setString(4, variant);
                update.setObject(5, when);
                update.executeUpdate();
                return null;
            }
        });
    }

    /** {@inheritDoc} Completes once the deletion is in the database file ({@link Checkpoints}). */
    @Override
    public CompletableFuture<Boolean> deleteEntry(String repoKey, String path, String variant) {
        Objects.requireNonNull(repoKey, "repoKey");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(variant, "variant");
        return jdbc.run(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM cached_entry WHERE repo_key = ? AND path = ? AND variant = ?")) {
                delete.setString(1, repoKey);
                delete.setString(2, path);
                delete.setString(3, variant);
                return delete.executeUpdate() > 0;
            }
        }).thenCompose(existed -> checkpoints.afterCommit().thenApply(v -> existed));
    }

    /** {@inheritDoc} Ordered by path, then variant. */
    @Override
    public CompletableFuture<List<CachedEntry>> listEntries(String repoKey, String pathPrefix) {
        Objects.requireNonNull(repoKey, "repoKey");
        Objects.requireNonNull(pathPrefix, "pathPrefix");
        return jdbc.run(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + ENTRY_COLUMNS
                    + " FROM cached_entry WHERE repo_key = ? AND path LIKE ? ESCAPE '\\' ORDER BY path, variant")) {
                query.setString(1, repoKey);
                query.setString(2, likePrefix(pathPrefix));
                return entries(query);
            }
        });
    }

    /** {@inheritDoc} The visitor runs on a metadata thread. */
    @Override
    public CompletableFuture<Void> forEachReferencedDigest(Consumer<Digest> visitor) {
        Objects.requireNonNull(visitor, "visitor");
        return jdbc.run(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT DISTINCT digest FROM cached_entry");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    visitor.accept(Digest.parse(rows.getString(1)));
                }
                return null;
            }
        });
    }

    @Override
    public int schemaVersion() {
        return schemaVersion;
    }

    /** Lets queued work finish (up to 10 s), then closes the connections, which closes the database file. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pool.dispose();
        }
    }

    private static List<CachedEntry> entries(PreparedStatement query) throws SQLException {
        List<CachedEntry> entries = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                entries.add(entry(rows));
            }
        }
        return entries;
    }

    private static CachedEntry entry(ResultSet row) throws SQLException {
        return new CachedEntry(row.getString("repo_key"), row.getString("path"), row.getString("variant"),
                Digest.parse(row.getString("digest")),
                row.getLong("size"), row.getString("media_type"), row.getString("etag"), row.getString("last_modified"),
                row.getObject("fetched_at", OffsetDateTime.class).toInstant(),
                row.getObject("last_access", OffsetDateTime.class).toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** A LIKE pattern matching every string that starts with {@code prefix} taken literally. */
    private static String likePrefix(String prefix) {
        StringBuilder pattern = new StringBuilder(prefix.length() + 1);
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (c == '\\' || c == '%' || c == '_') {
                pattern.append('\\');
            }
            pattern.append(c);
        }
        return pattern.append('%').toString();
    }

    private static int awaitStartup(CompletableFuture<Integer> migration) {
        try {
            return migration.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while migrating the schema", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
