package dev.wharf.go;

import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.format.PathKind;
import dev.wharf.format.RemoteLayout;
import java.net.URI;

/**
 * A Go module remote's paths: {@code <url>/<path>} upstream; a version's {@code .info}, {@code .mod} and
 * {@code .zip} are immutable content, {@code @v/list} and {@code @latest} metadata that changes as versions appear.
 */
final class GoLayout implements RemoteLayout {
    private final String base;

    GoLayout(URI url) {
        String text = url.toString();
        this.base = text.endsWith("/") ? text : text + "/";
    }

    @Override
    public PathKind classify(RepositoryPath path) {
        String p = path.path();
        return p.endsWith("/@v/list") || p.endsWith("/@latest") ? PathKind.METADATA : PathKind.CONTENT;
    }

    /** The raw path as the client sent it: module paths are case-encoded already. */
    @Override
    public URI upstream(RepositoryPath path) {
        return URI.create(base + path.raw());
    }
}
