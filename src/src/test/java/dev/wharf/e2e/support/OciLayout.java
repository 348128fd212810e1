package dev.wharf.e2e.support;

import java.nio.file.Path;
import java.util.List;

/**
 * An OCI image layout on disk holding one tagged root: a manifest (one image) or an image index
 * (several platforms), with every blob under {@code blobs/sha256/}.
 */
public record OciLayout(Path dir, String tag, OciDescriptor root, List<OciImage> images) {
    public OciLayout {
        images = List.copyOf(images);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("images: none (expected: at least one)");
        }
    }

    /** True when the root is an image index. */
    public boolean isIndex() {
        return RegistryMediaTypes.OCI_INDEX.equals(root.mediaType());
    }

    /** The only image of a single-image layout. */
    public OciImage image() {
        if (images.size() != 1) {
            throw new IllegalStateException("layout " + dir + " holds " + images.size() + " images (expected: 1)");
        }
        return images.get(0);
    }

    /** The file holding the blob {@code digest}. */
    public Path blob(String digest) {
        return dir.resolve("blobs").resolve("sha256").resolve(Sha256.hex(digest));
    }
}
