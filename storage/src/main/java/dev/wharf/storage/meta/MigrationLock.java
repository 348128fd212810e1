package dev.wharf.storage.meta;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * Lets one replica at a time migrate a PostgreSQL schema: the work runs while a session-level advisory
 * lock, keyed by the schema's name, is held on a connection of its own, so replicas starting together on
 * a fresh database wait for the first one and then find nothing left to apply. Flyway locks its own
 * migrate step, but {@link SchemaMigration} does more around it (reading the history to refuse a newer
 * schema, the baseline); one lock around all of it leaves nothing to race. PostgreSQL releases the lock
 * when its session ends too, so a replica killed mid-migration blocks no one.
 */
final class MigrationLock {
    private static final String NAMESPACE = "wharf metadata schema migration:";

    private MigrationLock() {
    }

    /**
     * Runs {@code work} holding the lock of {@code schema} on {@code connection}; blocks while another
     * session holds it.
     */
    static <T> T holding(Connection connection, String schema, Supplier<T> work) throws SQLException {
        long key = key(schema);
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
            lock.setLong(1, key);
            lock.execute();
        }
        try {
            return work.get();
        } finally {
            try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                unlock.setLong(1, key);
                unlock.execute();
            }
        }
    }

    /** The lock's key: the same in every replica, and another one for each schema of the database. */
    static long key(String schema) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((NAMESPACE + schema).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(hash).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
