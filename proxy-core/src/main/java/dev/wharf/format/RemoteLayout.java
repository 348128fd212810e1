package dev.wharf.format;

import dev.wharf.codec.ContentDigest;
import dev.wharf.codec.repository.RepositoryPath;
import java.net.URI;
import java.util.List;

/**
 * How a format's remote repository of files maps its paths ({@link RemoteFiles} does the rest): what each
 * path holds, where it lives upstream, and what digests its bytes must match.
 */
public interface RemoteLayout {
    /** Immutable content or mutable metadata. */
    PathKind classify(RepositoryPath path);

    /** The upstream URL of a path. */
    URI upstream(RepositoryPath path);

    /** The digests the protocol gives for a path's bytes (PyPI's {@code #sha256=}, ...); none by default. */
    default List<ContentDigest> verification(RepositoryPath path) {
        return List.of();
    }
}
