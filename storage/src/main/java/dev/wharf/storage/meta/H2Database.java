package dev.wharf.storage.meta;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The embedded store's H2 database file and its pool of at most {@code maxConnections}, which can be
 * closed and opened again while the store runs: a clean close is the one moment H2 writes its whole
 * state and file header. Work holds {@link #gate()}'s read lock while it has a connection; a reopen
 * takes the write lock, so it waits for running work and holds back new work.
 */
final class H2Database implements AutoCloseable {
    private final String url;
    private final int maxConnections;
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private volatile JdbcConnectionPool pool;

    H2Database(String url, int maxConnections) {
        this.url = url;
        this.maxConnections = maxConnections;
        this.pool = create();
    }

    /** The current pool, for work at start (the migration) that runs before any other. */
    JdbcConnectionPool pool() {
        return pool;
    }

    /** A connection from the current pool. */
    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** The lock between work on connections (read side) and {@link #reopen} (write side). */
    ReentrantReadWriteLock gate() {
        return gate;
    }

    /**
     * Closes every connection, which closes the database file cleanly, and opens it again. The caller
     * holds the write lock of {@link #gate()}, so no connection is out.
     */
    void reopen() throws SQLException {
        if (!gate.isWriteLockedByCurrentThread()) {
            throw new IllegalStateException("reopen without the write lock of the gate");
        }
        pool.dispose();
        pool = create();
        // Opening the file happens on the first connection; do it here, under the lock, not in a reader.
        pool.getConnection().close();
    }

    @Override
    public void close() {
        pool.dispose();
    }

    private JdbcConnectionPool create() {
        JdbcConnectionPool created = JdbcConnectionPool.create(url, "sa", "");
        created.setMaxConnections(maxConnections);
        return created;
    }
}
