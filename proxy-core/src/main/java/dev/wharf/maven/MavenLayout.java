package dev.wharf.maven;

import dev.wharf.codec.maven.MavenPath;
import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.format.PathKind;
import dev.wharf.format.RemoteLayout;
import java.net.URI;

/**
 * A Maven remote's paths: {@code <url>/<path>} upstream (the Maven 2 layout is the same on both sides);
 * {@code maven-metadata.xml} and everything of a {@code -SNAPSHOT} version, checksums included, is metadata
 * revalidated under the freshness policy; release files and their checksums are immutable content. A
 * directory (a listing some repositories serve) is metadata too.
 */
final class MavenLayout implements RemoteLayout {
    private final String base;

    MavenLayout(URI url) {
        String text = url.toString();
        this.base = text.endsWith("/") ? text : text + "/";
    }

    @Override
    public PathKind classify(RepositoryPath path) {
        if (path.directory() || MavenPath.parse(path.path()).isMutable()) {
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
