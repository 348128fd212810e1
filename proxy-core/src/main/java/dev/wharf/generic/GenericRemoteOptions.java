package dev.wharf.generic;

import dev.wharf.codec.Glob;
import java.util.List;

/**
 * The options of a generic remote: {@code mutable}, glob patterns of the paths that are metadata (revalidated
 * with ETag / Last-Modified after {@code metadataTtl}) rather than immutable content; default none.
 */
public record GenericRemoteOptions(List<String> mutable) {
    public GenericRemoteOptions {
        mutable = mutable == null ? List.of() : List.copyOf(mutable);
        mutable.forEach(Glob::new);
    }
}
