package dev.wharf.storage.meta;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * What the SQL of the {@code cached_entry} table says differently on H2 and on PostgreSQL: how the rows
 * of one path are matched, how the paths under a prefix are found, and how an entry is inserted or
 * replaced. Everything else is the same text on both ({@link CachedEntries}).
 */
interface EntryDialect {
    /** A condition matching the rows of exactly {@code path}, whose parameters {@link #bindPath} fills. */
    String pathIs();

    /** Binds {@code path} to the parameters of {@link #pathIs()} from {@code index}; returns the next index. */
    int bindPath(PreparedStatement statement, int index, String path) throws SQLException;

    /** A condition matching the rows whose path starts with {@code prefix} (not empty), for {@link #bindPrefix}. */
    String pathStartsWith(String prefix);

    /** Binds {@code prefix} to the parameters of {@link #pathStartsWith} from {@code index}; returns the next index. */
    int bindPrefix(PreparedStatement statement, int index, String prefix) throws SQLException;

    /** Inserts {@code entry}, or replaces the row at its {@code (repoKey, path, variant)}, in one statement. */
    void upsert(Connection connection, CachedEntry entry) throws SQLException;

    /** A LIKE pattern (escape {@code \}) matching every string that starts with {@code prefix} taken literally. */
    static String likePrefix(String prefix) {
        StringBuilder pattern = new StringBuilder(prefix.length() + 1);
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (c == '\\' || c == '%' || c == '_') {
                pattern.append('\\');
            }
            pattern.append(c);
        }
        return pattern.append('%').toString();
    }
}
