package dev.wharf.e2e.support;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * An OCI image layout on disk holding one tagged root: a manifest (one image) or a multi-platform root
 * (OCI image index or Docker manifest list), with every blob under {@code blobs/sha256/}. The root and
 * its manifests carry OCI or Docker schema 2 media types, as the layout was written.
 */
public record OciLayout(Path dir, String tag, OciDescriptor root, List<OciImage> images) {
    public OciLayout {
        images = List.copyOf(images);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("images: none (expected: at least one)");
        }
    }

    /** True when the root is an image index or a manifest list. */
    public boolean isIndex() {
        return RegistryMediaTypes.isIndex(root.mediaType());
    }

    /** The only image of a single-image layout. */
    public OciImage image() {
        if (images.size() != 1) {
            throw new IllegalStateException("layout " + dir + " holds " + images.size() + " images (expected: 1)");
        }
        return images.get(0);
    }

    /**
     * The image a client on this machine pulls: the only one of a single-image layout, else the one for
     * {@code linux/<this machine's architecture>}.
     */
    public OciImage hostImage() {
        if (!isIndex()) {
            return image();
        }
        String platform = hostPlatform();
        return images.stream().filter(image -> image.platform().equals(platform)).findFirst()
                .orElseThrow(() -> new IllegalStateException("layout " + dir + " has no image for " + platform));
    }

    /** Every manifest of the layout, the root first (for an index, then each platform's manifest). */
    public List<OciDescriptor> manifests() {
        return isIndex() ? Stream.concat(Stream.of(root), images.stream().map(OciImage::manifest)).toList() : List.of(root);
    }

    /** Every config and layer blob of every image. */
    public List<OciDescriptor> blobs() {
        return images.stream().flatMap(image -> image.blobs().stream()).distinct().toList();
    }

    /** The file holding the blob {@code digest}. */
    public Path blob(String digest) {
        return dir.resolve("blobs").resolve("sha256").resolve(Sha256.hex(digest));
    }

    /** {@code linux/amd64} or {@code linux/arm64}: the platform this JVM runs on, named as OCI names it. */
    static String hostPlatform() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return "linux/" + switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }
}
