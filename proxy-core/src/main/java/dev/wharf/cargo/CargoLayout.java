package dev.wharf.cargo;

import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.format.PathKind;
import dev.wharf.format.RemoteLayout;
import java.net.URI;

/**
 * A Cargo remote's index paths: {@code <url>/<path>} upstream, all metadata (index files and {@code config.json}
 * change as crates are published); crate files, whose URL the upstream's {@code config.json} gives, are content
 * fetched through {@link dev.wharf.format.RemoteFiles#find(RepositoryPath, URI, PathKind, java.util.List, boolean)}.
 */
final class CargoLayout implements RemoteLayout {
    private final String base;

    CargoLayout(URI url) {
        String text = url.toString();
        this.base = text.endsWith("/") ? text : text + "/";
    }

    @Override
    public PathKind classify(RepositoryPath path) {
        return PathKind.METADATA;
    }

    @Override
    public URI upstream(RepositoryPath path) {
        return URI.create(base + path.raw());
    }

    /** The index's URL, against which a relative {@code dl} resolves. */
    URI base() {
        return URI.create(base);
    }
}
