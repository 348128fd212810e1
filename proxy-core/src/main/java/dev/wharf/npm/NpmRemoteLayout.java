package dev.wharf.npm;

import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.format.PathKind;
import dev.wharf.format.RemoteLayout;
import java.net.URI;

/**
 * An npm remote's paths where the packument does not say otherwise: tarballs are content, everything else
 * metadata, at {@code <url>/<path>}. Tarballs not cached yet get their URL and digests from the packument instead.
 */
final class NpmRemoteLayout implements RemoteLayout {
    private final String base;

    NpmRemoteLayout(String base) {
        this.base = base;
    }

    @Override
    public PathKind classify(RepositoryPath path) {
        return path.fileName().endsWith(".tgz") ? PathKind.CONTENT : PathKind.METADATA;
    }

    @Override
    public URI upstream(RepositoryPath path) {
        return URI.create(base + path.raw());
    }
}
