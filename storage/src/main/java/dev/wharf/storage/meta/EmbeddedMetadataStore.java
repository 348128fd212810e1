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
import java.sql.SQLException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MetadataStore} of the embedded shape: an H2 database in one file, {@code <dir>/wharf.mv.db},
 * and a journal of recent changes beside it, {@code <dir>/wharf.journal}.
 *
 * <p>Why H2 rather than SQLite: H2 is pure Java, so the single JAR runs anywhere without extracting a
 * native library; it serves concurrent connections with MVCC, so readers never wait for a writer; and in
 * {@code MODE=PostgreSQL} it speaks close to PostgreSQL's dialect, so the schema scripts of this store
 * and of the PostgreSQL store stay close.
 *
 * <p>Connections come from H2's own pool (at most 4) and are used only on this store's 4 daemon threads
 * ({@code wharf-meta-N}), where every future completes. The schema is migrated by Flyway from the scripts
 * the PostgreSQL store shares ({@link SchemaMigration}) and checkpointed into the file before {@link #open}
 * returns. Instants are kept to the microsecond.
 *
 * <p>Durability: a put or delete completes once it is committed and appended to the journal
 * ({@link JournaledWrites}), so it survives a SIGKILL even where H2's own crash recovery would lose it
 * (it was seen to drop the first commits after a reopen). The journal is folded into the database file
 * at open, whenever it passes 4 MiB, and at close ({@link JournalSettlement}); each time, metadata work
 * pauses for a clean reopen of the file.
 */
public final class EmbeddedMetadataStore implements MetadataStore {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMetadataStore.class);
    private static final int THREADS = 4;
    private static final long SETTLE_AT_BYTES = 4L << 20;

    private final H2Database database;
    private final MetadataJournal journal;
    private final H2Rebuild files;
    private final ExecutorService executor;
    private final ExecutorService settler;
    private final AtomicBoolean settleQueued = new AtomicBoolean();
    private final CachedEntries entries;
    private final JournalSettlement settlement;
    private final TokenStore tokens;
    private final int schemaVersion;

    private EmbeddedMetadataStore(H2Database database, MetadataJournal journal, H2Rebuild files,
                                  ExecutorService executor, ExecutorService settler) {
        this.database = database;
        this.files = files;
        this.journal = journal;
        this.executor = executor;
        this.settler = settler;
        JdbcRunner jdbc = new JdbcRunner(database::connection, executor, database.gate().readLock());
        this.entries = new CachedEntries(jdbc, new H2EntryDialect(),
                new JournaledWrites(journal, SETTLE_AT_BYTES, this::settleLater));
        this.settlement = new JournalSettlement(database, journal, entries);
        Checkpoints checkpoints = new Checkpoints(jdbc);
        // Token changes are rare: a checkpoint each makes them survive a kill without the journal.
        this.tokens = new JdbcTokenStore(jdbc, checkpoints::afterCommit);
        // The migrated schema is in the file before open() returns: a process killed just after its start
        // must not leave a half-migrated database, whose scripts would then fail when run again.
        this.schemaVersion = JdbcRunner.awaitStartup(CompletableFuture
                .supplyAsync(new SchemaMigration(database.pool())::migrate, executor)
                .thenCompose(version -> checkpoints.afterCommit().thenApply(v -> version)));
        settleNow("at open");
    }

    /**
     * Opens (creating if needed) the database in {@code dir}, migrates its schema and folds in the
     * journal a crash left; blocks until done, as it is meant to run at start.
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
        H2Rebuild files = new H2Rebuild(absolute,
                ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE");
        try {
            files.beforeOpen();
        } catch (RuntimeException e) {
            throw new IllegalStateException("metadata store at " + absolute + ": " + e.getMessage(), e);
        }
        H2Database database = new H2Database(files.url(), THREADS);
        MetadataJournal journal;
        try {
            journal = MetadataJournal.open(absolute.resolve("wharf.journal"));
        } catch (RuntimeException e) {
            database.close();
            throw new IllegalStateException("metadata store at " + absolute + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, new DaemonThreadFactory("wharf-meta"));
        ExecutorService settler = Executors.newSingleThreadExecutor(new DaemonThreadFactory("wharf-meta-settle"));
        try {
            return new EmbeddedMetadataStore(database, journal, files, executor, settler);
        } catch (RuntimeException e) {
            executor.shutdownNow();
            settler.shutdownNow();
            database.close();
            journal.close();
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

    /** {@inheritDoc} Completes once the entry is committed and journaled ({@link JournaledWrites}). */
    @Override
    public CompletableFuture<Void> putEntry(CachedEntry entry) {
        return entries.put(entry);
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

    /** {@inheritDoc} Completes once the deletion is committed and journaled ({@link JournaledWrites}). */
    @Override
    public CompletableFuture<Boolean> deleteEntry(String repoKey, String path, String variant) {
        return entries.delete(repoKey, path, variant);
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

    /** The API tokens, in the same database file; each change is checkpointed into the file before it completes. */
    public TokenStore tokens() {
        return tokens;
    }

    @Override
    public int schemaVersion() {
        return schemaVersion;
    }

    /**
     * Lets queued work finish (up to 10 s), folds the journal into the database file and closes it; a
     * journal that could not be folded stays for the next open.
     */
    @Override
    public void close() {
        try {
            JdbcRunner.drain(executor);
            JdbcRunner.drain(settler);
            settleNow("at close");
        } finally {
            database.close();
            journal.close();
        }
        files.afterClose();
    }

    /** Queues one settlement on the settle thread unless one is queued already; called by writers. */
    private void settleLater() {
        if (settleQueued.compareAndSet(false, true)) {
            try {
                settler.execute(() -> {
                    settleQueued.set(false);
                    settleNow("past " + (SETTLE_AT_BYTES >> 20) + " MiB");
                });
            } catch (RejectedExecutionException e) {
                settleQueued.set(false); // closing: close() settles
            }
        }
    }

    /** Settles on this thread; a failure at open fails the open, later ones keep the journal and are logged. */
    private void settleNow(String when) {
        try {
            int keys = settlement.settle();
            if (keys > 0) {
                LOG.debug("folded {} journaled changes into the metadata database {}", keys, when);
            }
        } catch (IOException | SQLException | RuntimeException e) {
            if (when.equals("at open")) {
                throw new IllegalStateException("folding the metadata journal: " + e.getMessage(), e);
            }
            LOG.warn("folding the metadata journal {} failed, it is kept for the next attempt: {}", when, e.toString());
        }
    }
}
