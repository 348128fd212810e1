package dev.wharf.generic;

import dev.wharf.codec.Glob;
import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.format.PathKind;
import dev.wharf.format.RemoteLayout;
import java.net.URI;
import java.util.List;

/**
 * A generic remote's paths: {@code <url>/<path>} upstream; a file is immutable content unless its path
 * matches one of the repository's {@code mutable} globs; a directory listing (a path ending in {@code /}) is
 * always metadata.
 */
final class GenericLayout implements RemoteLayout {
    private final String base;
    private final List<Glob> mutable;

    GenericLayout(URI url, List<String> mutable) {
        String text = url.toString();
        this.base = text.endsWith("/") ? text : text + "/";
        this.mutable = mutable.stream().map(Glob::new).toList();
    }

    @Override
    public PathKind classify(RepositoryPath path) {
        if (path.directory() || mutable.stream().anyMatch(glob -> glob.matches(path.path()))) {
            return PathKind.METADATA;
        }
        return PathKind.CONTENT;
    }

    /** The raw path as the client sent it: already checked, and its encoding is the upstream's business. */
    @Override
    public URI upstream(RepositoryPath path) {
        return URI.create(base + path.raw());
    }
}
