package dev.wharf.pypi;

import dev.wharf.config.ConfigException;
import dev.wharf.config.Default;

/**
 * The options of a PyPI remote repository beyond the common keys:
 * <ul>
 *   <li>{@code maxIndexBytes}: the largest simple-API page (a project's page or the project list) read from the
 *       upstream, which Wharf holds in memory to rewrite; a size ({@code 64MiB}) or bytes, default {@code 64MiB},
 *       1KiB to 1GiB</li>
 * </ul>
 */
public record PypiRemoteOptions(@Default("64MiB") long maxIndexBytes) {
    private static final long MIN = 1024;
    private static final long MAX = 1L << 30;

    public PypiRemoteOptions {
        if (maxIndexBytes < MIN || maxIndexBytes > MAX) {
            throw new ConfigException("maxIndexBytes", maxIndexBytes + " bytes is out of range (expected 1KiB..1GiB)");
        }
    }
}
