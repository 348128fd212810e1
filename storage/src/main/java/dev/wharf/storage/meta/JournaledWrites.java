package dev.wharf.storage.meta;

import java.io.IOException;
import java.sql.SQLException;

/**
 * The embedded store's {@link CachedEntries.Writes}: each put or delete is applied to H2 and then appended
 * to the {@link MetadataJournal}, which makes it durable. Changes of one key are applied and journaled
 * under one lock (one of 64 stripes), so the journal has them in the order the database has them and a
 * replay ends in the same state; changes of different keys commute. When the journal passes
 * {@code settleAtBytes} it asks {@code settle} to fold it into the database file.
 */
final class JournaledWrites implements CachedEntries.Writes {
    private static final int STRIPES = 64;

    private final MetadataJournal journal;
    private final long settleAtBytes;
    private final Runnable settle;
    private final Object[] stripes = new Object[STRIPES];

    JournaledWrites(MetadataJournal journal, long settleAtBytes, Runnable settle) {
        this.journal = journal;
        this.settleAtBytes = settleAtBytes;
        this.settle = settle;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    @Override
    public <T> T write(JournalRecord change, CachedEntries.SqlCall<T> statement) throws SQLException {
        T result;
        long size;
        synchronized (stripes[Math.floorMod(change.key().hashCode(), STRIPES)]) {
            result = statement.call();
            try {
                synchronized (journal) {
                    journal.append(change);
                    size = journal.size();
                }
            } catch (IOException e) {
                throw new SQLException("metadata journal: " + e.getMessage(), e);
            }
        }
        if (size >= settleAtBytes) {
            settle.run();
        }
        return result;
    }
}
