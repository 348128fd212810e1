package dev.wharf.config;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code storage.metadata}: where facts about artifacts live. Keys, with their defaults:
 * <ul>
 *   <li>{@code type}: {@code embedded} (default, one local database file) or {@code postgres}</li>
 *   <li>{@code path}: where the embedded database lives, default {@code ./wharf-data/meta}</li>
 *   <li>{@code url}: required for postgres, {@code jdbc:postgresql://HOST[:PORT]/DATABASE}</li>
 *   <li>{@code username}, {@code password}: optional; the password is never printed</li>
 *   <li>{@code poolSize}: connections in the pool, default 10, 1..1000</li>
 * </ul>
 */
public record MetadataConfig(@Default(EMBEDDED) String type, @Default("./wharf-data/meta") Path path, String url,
                             String username, String password, @Default("10") int poolSize) {
    public static final String EMBEDDED = "embedded";
    public static final String POSTGRES = "postgres";
    public static final int DEFAULT_POOL_SIZE = 10;

    private static final String JDBC_PREFIX = "jdbc:postgresql:";

    public MetadataConfig {
        Check.oneOf(type, List.of(EMBEDDED, POSTGRES), "type");
        if (type.equals(EMBEDDED) && path == null) {
            throw new ConfigException("path", "required for embedded metadata");
        }
        if (type.equals(POSTGRES)) {
            if (url == null) {
                throw new ConfigException("url", "required for postgres metadata");
            }
            if (!url.startsWith(JDBC_PREFIX)) {
                throw new ConfigException("url", Check.quote(Redaction.url(url))
                        + " is not a PostgreSQL JDBC URL (expected jdbc:postgresql://HOST[:PORT]/DATABASE)");
            }
        }
        Check.inRange(poolSize, 1, 1000, "poolSize");
    }

    /** The embedded database at {@code path}. */
    public static MetadataConfig embedded(Path path) {
        return new MetadataConfig(EMBEDDED, path, null, null, null, DEFAULT_POOL_SIZE);
    }

    /** Prints every field but the password, and masks credentials in the url. */
    @Override
    public String toString() {
        return "MetadataConfig[type=" + type + ", path=" + path + ", url=" + Redaction.url(url)
                + ", username=" + username + ", password=" + Redaction.secret(password) + ", poolSize=" + poolSize + "]";
    }
}
