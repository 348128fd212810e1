package dev.wharf.pypi;

import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.format.PathKind;
import dev.wharf.format.RemoteLayout;
import java.net.URI;

/**
 * A PyPI remote's paths as the shared remote-file engine sees them: the simple API under the index root is
 * metadata, files are content. Files are always looked up with the URL and hashes their project page gives
 * ({@link PypiRemote#file}), since an index may link them on another host.
 */
final class PypiLayout implements RemoteLayout {
    private final String root;

    PypiLayout(URI url) {
        String text = url.toString();
        this.root = text.endsWith("/") ? text : text + "/";
    }

    @Override
    public PathKind classify(RepositoryPath path) {
        return !path.segments().isEmpty() && path.segments().get(0).equals("simple") ? PathKind.METADATA : PathKind.CONTENT;
    }

    @Override
    public URI upstream(RepositoryPath path) {
        return URI.create(root + path.raw());
    }
}
