package dev.wharf.npm;

import dev.wharf.config.ConfigException;
import dev.wharf.config.Default;

/**
 * The options of an npm local repository beyond the common keys:
 * <ul>
 *   <li>{@code maxPublishBytes}: the largest {@code npm publish} document (the JSON with the base64 tarball),
 *       which is held in memory to be decoded and checked, a size, default {@code 64MiB}, 1KiB..1GiB; a larger
 *       one is answered {@code 413}</li>
 * </ul>
 */
public record NpmLocalOptions(@Default("64MiB") long maxPublishBytes) {
    public NpmLocalOptions {
        NpmRemoteOptions.checkLimit(maxPublishBytes, "maxPublishBytes");
    }
}
