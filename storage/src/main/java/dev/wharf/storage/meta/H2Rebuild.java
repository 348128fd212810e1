package dev.wharf.storage.meta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the embedded database file after an unclean shutdown, before the store opens it. H2's recovery
 * after a SIGKILL was seen to leave rows of transactions it neither committed nor rolled back: invisible,
 * locked for good, and failing H2's own assertions when written again. So a file that was not closed
 * cleanly is never written again: its committed contents are exported as SQL ({@code SCRIPT}) and loaded
 * into a fresh file ({@code RUNSCRIPT}), which replaces it atomically; the journal then restores what the
 * old file lost ({@link JournalSettlement}).
 *
 * <p>"Not closed cleanly" is told by a marker, {@code wharf.open}, present from {@link #beforeOpen} until
 * {@link #afterClose}. A file H2 cannot open at all is moved aside as {@code wharf.mv.db.corrupt-<time>}
 * and the store starts from an empty one and the journal, logged as an error.
 */
final class H2Rebuild {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMetadataStore.class);
    static final String NAME = "wharf";
    private static final String REBUILD = "wharf-rebuild";

    private final Path dir;
    private final String options;

    /** For the database {@code <dir>/wharf.mv.db}, opened with the H2 URL {@code options} ({@code ;KEY=VALUE...}). */
    H2Rebuild(Path dir, String options) {
        this.dir = dir;
        this.options = options;
    }

    /** The JDBC URL of the database. */
    String url() {
        return url(NAME);
    }

    /** Rebuilds the file if the last process using it did not close it, then marks it open. */
    void beforeOpen() {
        Path file = dir.resolve(NAME + ".mv.db");
        Path marker = dir.resolve(NAME + ".open");
        try {
            if (Files.exists(marker) && Files.exists(file)) {
                rebuild(file);
            }
            Files.deleteIfExists(dir.resolve(REBUILD + ".mv.db"));
            if (!Files.exists(marker)) {
                Files.createFile(marker);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("metadata database " + file, e);
        }
    }

    /** Marks the file closed cleanly; called once H2 closed it. */
    void afterClose() {
        try {
            Files.deleteIfExists(dir.resolve(NAME + ".open"));
        } catch (IOException e) {
            throw new UncheckedIOException("metadata database in " + dir, e);
        }
    }

    private void rebuild(Path file) throws IOException {
        Path script = dir.resolve(REBUILD + ".sql");
        Path rebuilt = dir.resolve(REBUILD + ".mv.db");
        Files.deleteIfExists(script);
        Files.deleteIfExists(rebuilt);
        try {
            try (Connection old = DriverManager.getConnection(url(NAME), "sa", "");
                 Statement statement = old.createStatement()) {
                statement.execute("SCRIPT TO " + quoted(script));
            }
        } catch (SQLException e) {
            Path aside = dir.resolve(NAME + ".mv.db.corrupt-" + Instant.now().toEpochMilli());
            Files.move(file, aside);
            LOG.error("the metadata database did not open after an unclean shutdown ({}); moved it to {} and starting"
                    + " from an empty one and the journal", e.getMessage(), aside);
            return;
        }
        try (Connection fresh = DriverManager.getConnection(url(REBUILD), "sa", "");
             Statement statement = fresh.createStatement()) {
            statement.execute("RUNSCRIPT FROM " + quoted(script));
        } catch (SQLException e) {
            throw new IllegalStateException("rebuilding the metadata database from " + script + ": " + e.getMessage(), e);
        }
        Files.move(rebuilt, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.delete(script);
        LOG.info("rebuilt the metadata database after an unclean shutdown");
    }

    private String url(String name) {
        return "jdbc:h2:file:" + dir.resolve(name) + options;
    }

    private static String quoted(Path path) {
        return "'" + path.toString().replace("'", "''") + "'";
    }
}
