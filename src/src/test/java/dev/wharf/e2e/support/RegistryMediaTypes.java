package dev.wharf.e2e.support;

/** The manifest media types a registry client sends in Accept, as skopeo and docker do. */
public final class RegistryMediaTypes {
    /** An OCI image manifest. */
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    /** An OCI image index (multi-platform). */
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    /** An OCI image config blob. */
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    /** A gzip-compressed OCI layer. */
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    /** The Accept value of a client that takes any manifest kind. */
    public static final String ACCEPT_ANY_MANIFEST = String.join(", ", OCI_MANIFEST, OCI_INDEX,
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");

    private RegistryMediaTypes() {
    }
}
