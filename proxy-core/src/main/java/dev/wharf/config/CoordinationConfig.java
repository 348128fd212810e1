package dev.wharf.config;

import java.util.List;

/**
 * {@code storage.coordination}: how replicas agree on fills. Keys, with their defaults:
 * <ul>
 *   <li>{@code type}: {@code local} (default, in-process) or {@code redis}</li>
 *   <li>{@code url}: required for redis, {@code redis://[:PASSWORD@]HOST[:PORT]} or {@code rediss://...};
 *       its password is never printed</li>
 * </ul>
 */
public record CoordinationConfig(@Default(LOCAL) String type, String url) {
    public static final String LOCAL = "local";
    public static final String REDIS = "redis";
    /** In-process coordination, for a single replica. */
    public static final CoordinationConfig IN_PROCESS = new CoordinationConfig(LOCAL, null);

    public CoordinationConfig {
        Check.oneOf(type, List.of(LOCAL, REDIS), "type");
        if (type.equals(REDIS)) {
            if (url == null) {
                throw new ConfigException("url", "required for redis coordination");
            }
            if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
                throw new ConfigException("url", Check.quote(Redaction.url(url))
                        + " is not a Redis URL (expected redis://HOST[:PORT] or rediss://HOST[:PORT])");
            }
        }
    }

    /** Masks credentials in the url. */
    @Override
    public String toString() {
        return "CoordinationConfig[type=" + type + ", url=" + Redaction.url(url) + "]";
    }
}
