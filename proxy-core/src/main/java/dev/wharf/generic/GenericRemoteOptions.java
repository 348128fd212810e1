package dev.wharf.generic;

import dev.wharf.codec.Glob;
import dev.wharf.config.ConfigException;
import java.util.List;

/**
 * The options of a generic remote repository beyond the common keys:
 * <ul>
 *   <li>{@code mutable}: glob patterns ({@link Glob}) of the paths that change upstream and are revalidated like
 *       metadata (with ETag / Last-Modified), e.g. {@code **}{@code /latest/*}; every other file is immutable once
 *       cached; default empty</li>
 * </ul>
 */
public record GenericRemoteOptions(List<String> mutable) {
    public GenericRemoteOptions {
        mutable = List.copyOf(mutable == null ? List.of() : mutable);
        for (int i = 0; i < mutable.size(); i++) {
            String pattern = mutable.get(i);
            if (pattern == null || pattern.isBlank() || pattern.length() > Glob.MAX_LENGTH) {
                throw new ConfigException("mutable[" + i + "]", "is not a glob (expected 1 to " + Glob.MAX_LENGTH
                        + " characters, with * ** ? as wildcards)");
            }
        }
    }
}
