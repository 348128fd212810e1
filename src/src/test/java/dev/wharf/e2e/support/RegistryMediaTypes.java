package dev.wharf.e2e.support;

/** The manifest, config and layer media types of OCI and Docker schema 2, and the Accept a client sends. */
public final class RegistryMediaTypes {
    /** An OCI image manifest. */
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    /** An OCI image index (multi-platform). */
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    /** An OCI image config blob. */
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    /** A gzip-compressed OCI layer. */
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    /** A Docker image manifest, schema 2. */
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    /** A Docker manifest list (multi-platform). */
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    /** A Docker image config blob. */
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    /** A gzip-compressed Docker layer. */
    public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    /** The Accept value of a client that takes any manifest kind. */
    public static final String ACCEPT_ANY_MANIFEST = String.join(", ", OCI_MANIFEST, OCI_INDEX,
            DOCKER_MANIFEST, DOCKER_MANIFEST_LIST);

    private RegistryMediaTypes() {
    }

    /** True for the media types of a multi-platform root: an OCI index or a Docker manifest list. */
    public static boolean isIndex(String mediaType) {
        return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
    }
}
