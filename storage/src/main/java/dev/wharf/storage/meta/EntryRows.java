package dev.wharf.storage.meta;

import dev.wharf.codec.Digest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** How a {@link CachedEntry} maps to the columns of a {@code cached_entry} row, in every dialect. */
final class EntryRows {
    /** The entry's columns, in the order {@link #bind} fills them. */
    static final String COLUMNS =
            "repo_key, path, variant, digest, size, media_type, etag, last_modified, fetched_at, last_access";
    /** One parameter per column of {@link #COLUMNS}. */
    static final String PARAMETERS = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?";

    private EntryRows() {
    }

    /** Binds the entry to the parameters of {@link #COLUMNS} from {@code index}; returns the next index. */
    static int bind(PreparedStatement statement, int index, CachedEntry entry) throws SQLException {
        statement.setString(index, entry.repoKey());
        statement.setString(index + 1, entry.path());
        statement.setString(index + 2, entry.variant());
        statement.setString(index + 3, entry.digest().toString());
        statement.setLong(index + 4, entry.size());
        statement.setString(index + 5, entry.mediaType());
        statement.setString(index + 6, entry.etag());
        statement.setString(index + 7, entry.lastModified());
        statement.setObject(index + 8, utc(entry.fetchedAt()));
        statement.setObject(index + 9, utc(entry.lastAccess()));
        return index + 10;
    }

    /** The entries that {@code query}, selecting {@link #COLUMNS}, finds. */
    static List<CachedEntry> readAll(PreparedStatement query) throws SQLException {
        List<CachedEntry> entries = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                entries.add(read(rows));
            }
        }
        return entries;
    }

    /** The entry of the current row, which holds {@link #COLUMNS}. */
    static CachedEntry read(ResultSet row) throws SQLException {
        return new CachedEntry(row.getString("repo_key"), row.getString("path"), row.getString("variant"),
                Digest.parse(row.getString("digest")),
                row.getLong("size"), row.getString("media_type"), row.getString("etag"), row.getString("last_modified"),
                row.getObject("fetched_at", OffsetDateTime.class).toInstant(),
                row.getObject("last_access", OffsetDateTime.class).toInstant());
    }

    /** {@code instant} as a timestamp with time zone parameter; both drivers take an {@link OffsetDateTime}. */
    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
