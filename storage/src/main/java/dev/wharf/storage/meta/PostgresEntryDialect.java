package dev.wharf.storage.meta;

import dev.wharf.codec.Printable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The {@code cached_entry} SQL of PostgreSQL, whose key holds {@link PathKey}s rather than whole paths
 * (its btree entries are bounded), and compares the whole path besides; prefixes are found as a range
 * of those keys, which an index scan serves even in a generic plan (a {@code LIKE} with a parameter for
 * its pattern cannot use the index there).
 */
final class PostgresEntryDialect implements EntryDialect {
    private static final String LIKE = " AND path LIKE ? ESCAPE '\\'";
    private static final String UPSERT = "INSERT INTO cached_entry (" + EntryRows.COLUMNS + ", path_key) VALUES ("
            + EntryRows.PARAMETERS + ", ?) ON CONFLICT (repo_key, path_key, variant) DO UPDATE SET "
            + "digest = EXCLUDED.digest, size = EXCLUDED.size, media_type = EXCLUDED.media_type, "
            + "etag = EXCLUDED.etag, last_modified = EXCLUDED.last_modified, fetched_at = EXCLUDED.fetched_at, "
            + "last_access = EXCLUDED.last_access "
            // Another path with this key (a sha256 collision) is left alone: no row is changed, see upsert().
            + "WHERE cached_entry.path = EXCLUDED.path";

    @Override
    public String pathIs() {
        return "path_key = ? AND path = ?";
    }

    @Override
    public int bindPath(PreparedStatement statement, int index, String path) throws SQLException {
        statement.setString(index, PathKey.of(path));
        statement.setString(index + 1, path);
        return index + 2;
    }

    @Override
    public String pathStartsWith(String prefix) {
        return PathKey.upperBound(prefix).isPresent() ? "path_key >= ? AND path_key < ?" + LIKE : "path_key >= ?" + LIKE;
    }

    @Override
    public int bindPrefix(PreparedStatement statement, int index, String prefix) throws SQLException {
        statement.setString(index, PathKey.lowerBound(prefix));
        int next = index + 1;
        Optional<String> upper = PathKey.upperBound(prefix);
        if (upper.isPresent()) {
            statement.setString(next++, upper.get());
        }
        statement.setString(next, EntryDialect.likePrefix(prefix));
        return next + 1;
    }

    /**
     * {@inheritDoc} {@code INSERT ... ON CONFLICT DO UPDATE}, atomic under concurrent puts of one key.
     *
     * @throws SQLException also when another path holds the entry's key, which only a sha256 collision makes
     */
    @Override
    public void upsert(Connection connection, CachedEntry entry) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            upsert.setString(EntryRows.bind(upsert, 1, entry), PathKey.of(entry.path()));
            if (upsert.executeUpdate() == 0) {
                throw new SQLException(String.format("path %s of repository %s: its key %s is another path's "
                        + "(expected: a key of its own)", Printable.of(entry.path()), Printable.of(entry.repoKey()),
                        Printable.of(PathKey.of(entry.path()))));
            }
        }
    }
}
