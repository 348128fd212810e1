package dev.wharf.e2e.support;

import java.nio.file.Path;

/** The image shapes real clients pull: a multi-arch OCI index, a Docker manifest list, and a single Docker schema 2 image. */
public enum ImageShape {
    /** An OCI image index over linux/amd64 and linux/arm64 OCI images. */
    OCI_INDEX("oci-index"),
    /** A Docker manifest list over linux/amd64 and linux/arm64 Docker schema 2 images. */
    DOCKER_MANIFEST_LIST("docker-list"),
    /** One linux/amd64 Docker schema 2 image. */
    DOCKER_IMAGE("docker-image");

    private final String slug;

    ImageShape(String slug) {
        this.slug = slug;
    }

    /** A short lower-case name, usable in an image name. */
    public String slug() {
        return slug;
    }

    /** Writes an image of this shape to a layout in {@code dir}, tagged {@code tag}, with layers of {@code layerMiB} MiB. */
    public OciLayout build(Path dir, String tag, long seed, int layerMiB) {
        return switch (this) {
            case OCI_INDEX -> ImageFactory.index(dir, tag, seed, layerMiB, ImageFlavor.OCI);
            case DOCKER_MANIFEST_LIST -> ImageFactory.index(dir, tag, seed, layerMiB, ImageFlavor.DOCKER);
            case DOCKER_IMAGE -> ImageFactory.image(dir, tag, seed, layerMiB, ImageFlavor.DOCKER);
        };
    }
}
