package dev.wharf.npm;

import dev.wharf.config.ConfigException;
import dev.wharf.config.Default;

/**
 * The options of an npm remote repository beyond the common keys:
 * <ul>
 *   <li>{@code maxPackumentBytes}: the largest upstream packument held in memory to rewrite its tarball URLs, a
 *       size, default {@code 64MiB}, 1KiB..1GiB; a larger one is answered {@code 502} with a message naming the
 *       limit</li>
 * </ul>
 */
public record NpmRemoteOptions(@Default("64MiB") long maxPackumentBytes) {
    /** The largest limit: a packument is read into one array. */
    static final long MAX_LIMIT = 1L << 30;

    public NpmRemoteOptions {
        checkLimit(maxPackumentBytes, "maxPackumentBytes");
    }

    /** A size limit of a document held in memory: 1KiB..1GiB. */
    static void checkLimit(long value, String key) {
        if (value < 1024 || value > MAX_LIMIT) {
            throw new ConfigException(key, value + " bytes is out of range (expected 1KiB..1GiB)");
        }
    }
}
