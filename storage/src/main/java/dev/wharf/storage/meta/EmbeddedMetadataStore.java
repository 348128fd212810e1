package dev.wharf.storage.meta;

import dev.wharf.codec.Digest;
import dev.wharf.storage.DaemonThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

    private final JdbcConnectionPool pool;
    private final ExecutorService executor;
    private final CachedEntries entries;
    private final Checkpoints checkpoints;
    private final int schemaVersion;

    private EmbeddedMetadataStore(JdbcConnectionPool pool, ExecutorService executor) {
        this.pool = pool;
        this.executor = executor;
        JdbcRunner jdbc = new JdbcRunner(pool, executor);
        this.entries = new CachedEntries(jdbc, new H2EntryDialect());
        this.checkpoints = new Checkpoints(jdbc);
        // The migrated schema is in the file before open() returns: a process killed just after its start
        // must not leave a half-migrated database, whose scripts would then fail when run again.
        this.schemaVersion = JdbcRunner.awaitStartup(CompletableFuture
                .supplyAsync(new SchemaMigration(pool)::migrate, executor)
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
        return entries.find(repoKey, path, variant);
    }

    @Override
    public CompletableFuture<List<CachedEntry>> findVariants(String repoKey, String path) {
        return entries.variants(repoKey, path);
    }

    /** {@inheritDoc} Completes once the entry is in the database file ({@link Checkpoints}). */
    @Override
    public CompletableFuture<Void> putEntry(CachedEntry entry) {
        return entries.put(entry).thenCompose(v -> checkpoints.afterCommit());
    }

    /**
     * {@inheritDoc} One indexed single-row update, skipped when the recorded access is not older. Not
     * waited for into the file: a crash loses at most the last half second of touches, which costs an
     * eviction nothing.
     */
    @Override
    public CompletableFuture<Void> touch(String repoKey, String path, String variant, Instant lastAccess) {
        return entries.touch(repoKey, path, variant, lastAccess);
    }

    /** {@inheritDoc} Completes once the deletion is in the database file ({@link Checkpoints}). */
    @Override
    public CompletableFuture<Boolean> deleteEntry(String repoKey, String path, String variant) {
        return entries.delete(repoKey, path, variant)
                .thenCompose(existed -> checkpoints.afterCommit().thenApply(v -> existed));
    }

    /** {@inheritDoc} Ordered by path, then variant. */
    @Override
    public CompletableFuture<List<CachedEntry>> listEntries(String repoKey, String pathPrefix) {
        return entries.list(repoKey, pathPrefix);
    }

    /** {@inheritDoc} The visitor runs on a metadata thread. */
    @Override
    public CompletableFuture<Void> forEachReferencedDigest(Consumer<Digest> visitor) {
        return entries.forEachDigest(visitor);
    }

    @Override
    public int schemaVersion() {
        return schemaVersion;
    }

    /** Lets queued work finish (up to 10 s), then closes the connections, which closes the database file. */
    @Override
    public void close() {
        try {
            JdbcRunner.drain(executor);
        } finally {
            pool.dispose();
        }
    }
}
