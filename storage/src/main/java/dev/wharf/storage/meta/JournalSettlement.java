package dev.wharf.storage.meta;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds the {@link MetadataJournal} into the H2 file: closes and reopens the database (a clean close writes
 * everything), checks that the reopened file holds the last change of every key in the journal, applies
 * those it lacks and tries again, and empties the journal only once the file holds them all. Runs at open
 * (after a crash the journal has what H2's recovery may have lost), when the journal grows past its bound,
 * and at close. Blocks every other metadata work meanwhile (the write side of {@link H2Database#gate()}).
 */
final class JournalSettlement {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMetadataStore.class);
    private static final int ATTEMPTS = 4;
    /** Instants are stored to the microsecond, possibly rounded. */
    private static final Duration INSTANT_PRECISION = Duration.ofNanos(1000);

    private final H2Database database;
    private final MetadataJournal journal;
    private final CachedEntries entries;

    JournalSettlement(H2Database database, MetadataJournal journal, CachedEntries entries) {
        this.database = database;
        this.journal = journal;
        this.entries = entries;
    }

    /**
     * Settles the journal on the caller's thread; returns how many keys it covered.
     *
     * @throws IllegalStateException when the database keeps losing changes after clean reopens; the
     *                               journal then stays as it is
     */
    int settle() throws SQLException, IOException {
        Lock lock = database.gate().writeLock();
        lock.lock();
        try {
            List<JournalRecord> records;
            synchronized (journal) {
                records = journal.records();
            }
            if (records.isEmpty()) {
                return 0;
            }
            Map<JournalRecord.Key, JournalRecord> last = new LinkedHashMap<>();
            for (JournalRecord record : records) {
                last.put(record.key(), record);
            }
            for (int attempt = 1; ; attempt++) {
                database.reopen();
                List<JournalRecord> missing = missing(last.values());
                if (missing.isEmpty()) {
                    synchronized (journal) {
                        journal.clear();
                    }
                    return last.size();
                }
                if (attempt == ATTEMPTS) {
                    throw new IllegalStateException(String.format(
                            "the metadata database lacks %d of %d journaled changes after %d clean reopens",
                            missing.size(), last.size(), ATTEMPTS));
                }
                if (attempt > 1) {
                    LOG.warn("the metadata database lost {} of {} journaled changes over a clean reopen; applying them again",
                            missing.size(), last.size());
                }
                try (Connection connection = database.connection()) {
                    for (JournalRecord change : missing) {
                        entries.apply(connection, change);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The changes the database file does not reflect. */
    private List<JournalRecord> missing(Iterable<JournalRecord> changes) throws SQLException {
        List<JournalRecord> missing = new ArrayList<>();
        try (Connection connection = database.connection()) {
            for (JournalRecord change : changes) {
                Optional<CachedEntry> stored = entries.find(connection, change.key());
                boolean holds = change instanceof JournalRecord.Put put
                        ? stored.isPresent() && same(put.entry(), stored.get())
                        : stored.isEmpty();
                if (!holds) {
                    missing.add(change);
                }
            }
        }
        return missing;
    }

    /** Whether {@code stored} is {@code put} as the database keeps it; later touches may have moved its last access. */
    private static boolean same(CachedEntry put, CachedEntry stored) {
        return put.digest().equals(stored.digest()) && put.size() == stored.size()
                && java.util.Objects.equals(put.mediaType(), stored.mediaType())
                && java.util.Objects.equals(put.etag(), stored.etag())
                && java.util.Objects.equals(put.lastModified(), stored.lastModified())
                && Duration.between(put.fetchedAt(), stored.fetchedAt()).abs().compareTo(INSTANT_PRECISION) <= 0;
    }
}
