package dev.wharf.storage.meta;

import dev.wharf.codec.Digest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The operations of the {@code cached_entry} table that every JDBC metadata store shares, run on a
 * {@link JdbcRunner} in the SQL of one {@link EntryDialect}. Each is one statement in auto-commit mode.
 * Futures complete on the runner's executor, but for keys that no entry can have
 * ({@link CachedEntry#isStorable}), which are answered at once: sent to PostgreSQL, such a key would fail
 * (NUL) or match another one (an unpaired surrogate becomes {@code ?}).
 */
final class CachedEntries {
    private static final String SELECT = "SELECT " + EntryRows.COLUMNS + " FROM cached_entry WHERE repo_key = ?";
    private static final String ORDER = " ORDER BY path, variant";

    private final JdbcRunner jdbc;
    private final EntryDialect dialect;
    private final Writes writes;
    private final String find;
    private final String variants;
    private final String touch;
    private final String delete;

    CachedEntries(JdbcRunner jdbc, EntryDialect dialect) {
        this(jdbc, dialect, Writes.STATEMENT);
    }

    /** Entries whose puts and deletes go through {@code writes}, which may make them durable its own way. */
    CachedEntries(JdbcRunner jdbc, EntryDialect dialect, Writes writes) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.writes = writes;
        String path = " AND " + dialect.pathIs();
        this.find = SELECT + path + " AND variant = ?";
        this.variants = SELECT + path + " ORDER BY variant";
        this.touch = "UPDATE cached_entry SET last_access = ? WHERE repo_key = ?" + path
                + " AND variant = ? AND last_access < ?";
        this.delete = "DELETE FROM cached_entry WHERE repo_key = ?" + path + " AND variant = ?";
    }

    CompletableFuture<Optional<CachedEntry>> find(String repoKey, String path, String variant) {
        if (!storable(repoKey, path, variant)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return jdbc.run(connection -> find(connection, new JournalRecord.Key(repoKey, path, variant)));
    }

    /** The entry at {@code key}, read on {@code connection} by the caller's thread. */
    Optional<CachedEntry> find(Connection connection, JournalRecord.Key key) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(find)) {
            bindKey(query, 1, key.repoKey(), key.path(), key.variant());
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(EntryRows.read(rows)) : Optional.empty();
            }
        }
    }

    CompletableFuture<List<CachedEntry>> variants(String repoKey, String path) {
        if (!storable(repoKey, path, "")) {
            return CompletableFuture.completedFuture(List.of());
        }
        return jdbc.run(connection -> {
            try (PreparedStatement query = connection.prepareStatement(variants)) {
                query.setString(1, repoKey);
                dialect.bindPath(query, 2, path);
                return EntryRows.readAll(query);
            }
        });
    }

    CompletableFuture<Void> put(CachedEntry entry) {
        Objects.requireNonNull(entry, "entry");
        JournalRecord.Put change = new JournalRecord.Put(entry);
        return jdbc.run(connection -> writes.write(change, () -> {
            apply(connection, change);
            return null;
        }));
    }

    CompletableFuture<Void> touch(String repoKey, String path, String variant, Instant lastAccess) {
        Objects.requireNonNull(lastAccess, "lastAccess");
        if (!storable(repoKey, path, variant)) {
            return CompletableFuture.completedFuture(null);
        }
        return jdbc.run(connection -> {
            try (PreparedStatement update = connection.prepareStatement(touch)) {
                OffsetDateTime when = EntryRows.utc(lastAccess);
                update.setObject(1, when);
                update.setObject(bindKey(update, 2, repoKey, path, variant), when);
                update.executeUpdate();
                return null;
            }
        });
    }

    CompletableFuture<Boolean> delete(String repoKey, String path, String variant) {
        if (!storable(repoKey, path, variant)) {
            return CompletableFuture.completedFuture(false);
        }
        JournalRecord.Delete change = new JournalRecord.Delete(new JournalRecord.Key(repoKey, path, variant));
        return jdbc.run(connection -> writes.write(change, () -> apply(connection, change)));
    }

    /** Applies {@code change} on {@code connection} by the caller's thread; true when it changed a row. */
    boolean apply(Connection connection, JournalRecord change) throws SQLException {
        if (change instanceof JournalRecord.Put put) {
            dialect.upsert(connection, put.entry());
            return true;
        }
        JournalRecord.Key key = change.key();
        try (PreparedStatement update = connection.prepareStatement(delete)) {
            bindKey(update, 1, key.repoKey(), key.path(), key.variant());
            return update.executeUpdate() > 0;
        }
    }

    CompletableFuture<List<CachedEntry>> list(String repoKey, String pathPrefix) {
        if (!storable(repoKey, pathPrefix, "")) {
            return CompletableFuture.completedFuture(List.of());
        }
        String sql = pathPrefix.isEmpty() ? SELECT + ORDER : SELECT + " AND " + dialect.pathStartsWith(pathPrefix) + ORDER;
        return jdbc.run(connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                query.setString(1, repoKey);
                if (!pathPrefix.isEmpty()) {
                    dialect.bindPrefix(query, 2, pathPrefix);
                }
                return EntryRows.readAll(query);
            }
        });
    }

    CompletableFuture<Void> forEachDigest(Consumer<Digest> visitor) {
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

    /**
     * How a store's puts and deletes become durable: {@link #STATEMENT} trusts the database's commit, the
     * embedded store also journals each change ({@link JournaledWrites}).
     */
    interface Writes {
        /** Each change is durable once its auto-committed statement returned. */
        Writes STATEMENT = new Writes() {
            @Override
            public <T> T write(JournalRecord change, SqlCall<T> statement) throws SQLException {
                return statement.call();
            }
        };

        /** Runs {@code statement}, which applies {@code change}, and returns once the change is durable. */
        <T> T write(JournalRecord change, SqlCall<T> statement) throws SQLException;
    }

    /** A statement run on the caller's thread. */
    @FunctionalInterface
    interface SqlCall<T> {
        T call() throws SQLException;
    }

    /** Binds {@code repo_key = ? AND <path> AND variant = ?} from {@code index}; returns the next index. */
    private int bindKey(PreparedStatement statement, int index, String repoKey, String path, String variant)
            throws SQLException {
        statement.setString(index, repoKey);
        int next = dialect.bindPath(statement, index + 1, path);
        statement.setString(next, variant);
        return next + 1;
    }

    /** Checks the arguments of a lookup (a listing passes variant {@code ""}); false when no entry can have them. */
    private static boolean storable(String repoKey, String path, String variant) {
        Objects.requireNonNull(repoKey, "repoKey");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(variant, "variant");
        return CachedEntry.isStorable(repoKey) && CachedEntry.isStorable(path) && CachedEntry.isStorable(variant);
    }
}
