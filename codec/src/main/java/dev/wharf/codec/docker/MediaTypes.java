package dev.wharf.codec.docker;

import java.util.Locale;

/** The media types of Docker and OCI manifests, configs and layers. */
public final class MediaTypes {
    /** Docker image manifest, schema 2. */
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    /** Docker manifest list (multi-platform image). */
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    /** OCI image manifest. */
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    /** OCI image index (multi-platform image). */
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    /** Docker image config. */
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    /** OCI image config. */
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    /** Docker gzip layer. */
    public static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    /** Docker layer fetched from elsewhere than the registry (Windows base layers). */
    public static final String DOCKER_FOREIGN_LAYER = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
    /** OCI uncompressed layer. */
    public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
    /** OCI gzip layer. */
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    /** OCI zstd layer. */
    public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    /** Docker image manifest, schema 1 (signed): not supported. */
    public static final String DOCKER_SCHEMA1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";
    /** Docker image manifest, schema 1: not supported. */
    public static final String DOCKER_SCHEMA1 = "application/vnd.docker.distribution.manifest.v1+json";
    /** The empty descriptor of OCI artifacts ({@code {}}). */
    public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";

    private static final String DEFAULT_ACCEPT =
            String.join(", ", OCI_INDEX, OCI_MANIFEST, DOCKER_MANIFEST_LIST, DOCKER_MANIFEST);

    private MediaTypes() {
    }

    /** The {@code Accept} header for fetching a manifest upstream: every manifest and index type. */
    public static String defaultAccept() {
        return DEFAULT_ACCEPT;
    }

    /** True for any manifest type served from {@code /manifests/}, indexes included; parameters are ignored. */
    public static boolean isManifest(String contentType) {
        String type = essence(contentType);
        return type.equals(DOCKER_MANIFEST) || type.equals(OCI_MANIFEST) || isIndexEssence(type);
    }

    /** True for a Docker schema 1 manifest type, which Wharf does not serve. */
    public static boolean isSchema1(String contentType) {
        String type = essence(contentType);
        return type.equals(DOCKER_SCHEMA1) || type.equals(DOCKER_SCHEMA1_SIGNED);
    }

    /** True for a multi-platform index (OCI index or Docker manifest list); parameters are ignored. */
    public static boolean isIndex(String contentType) {
        return isIndexEssence(essence(contentType));
    }

    private static boolean isIndexEssence(String type) {
        return type.equals(OCI_INDEX) || type.equals(DOCKER_MANIFEST_LIST);
    }

    /** The type without parameters, lowercased: media types compare case-insensitively. */
    private static String essence(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return type.strip().toLowerCase(Locale.ROOT);
    }
}
