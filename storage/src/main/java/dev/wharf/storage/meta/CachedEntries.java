package dev.wharf.storage.meta;

import dev.wharf.codec.Digest;
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
    private final String find;
    private final String variants;
    private final String touch;
    private final String delete;

    CachedEntries(JdbcRunner jdbc, EntryDialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
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
        return jdbc.run(connection -> {
            try (PreparedStatement query = connection.prepareStatement(find)) {
                bindKey(query, 1, repoKey, path, variant);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.of(EntryRows.read(rows)) : Optional.empty();
                }
            }
        });
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
        return jdbc.run(connection -> {
            dialect.upsert(connection, entry);
            return null;
        });
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
        return jdbc.run(connection -> {
            try (PreparedStatement update = connection.prepareStatement(delete)) {
                bindKey(update, 1, repoKey, path, variant);
                return update.executeUpdate() > 0;
            }
        });
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
