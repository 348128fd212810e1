package dev.wharf.storage.meta;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** The {@code cached_entry} SQL of the embedded store's H2: the path is its own key, as H2 bounds no index entry. */
final class H2EntryDialect implements EntryDialect {
    private static final String UPSERT = "MERGE INTO cached_entry (" + EntryRows.COLUMNS
            + ") KEY (repo_key, path, variant) VALUES (" + EntryRows.PARAMETERS + ")";

    @Override
    public String pathIs() {
        return "path = ?";
    }

    @Override
    public int bindPath(PreparedStatement statement, int index, String path) throws SQLException {
        statement.setString(index, path);
        return index + 1;
    }

    @Override
    public String pathStartsWith(String prefix) {
        return "path LIKE ? ESCAPE '\\'";
    }

    @Override
    public int bindPrefix(PreparedStatement statement, int index, String prefix) throws SQLException {
        statement.setString(index, EntryDialect.likePrefix(prefix));
        return index + 1;
    }

    /** {@inheritDoc} H2's MERGE, since its PostgreSQL mode lacks {@code ON CONFLICT DO UPDATE}. */
    @Override
    public void upsert(Connection connection, CachedEntry entry) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            EntryRows.bind(upsert, 1, entry);
            upsert.executeUpdate();
        }
    }
}
