package dev.wharf.e2e.support;

/** The media types an image is written with: OCI, or Docker's schema 2 (what {@code docker push} writes). */
public enum ImageFlavor {
    OCI(RegistryMediaTypes.OCI_MANIFEST, RegistryMediaTypes.OCI_INDEX, RegistryMediaTypes.OCI_CONFIG,
            RegistryMediaTypes.OCI_LAYER_GZIP),
    DOCKER(RegistryMediaTypes.DOCKER_MANIFEST, RegistryMediaTypes.DOCKER_MANIFEST_LIST, RegistryMediaTypes.DOCKER_CONFIG,
            RegistryMediaTypes.DOCKER_LAYER_GZIP);

    private final String manifest;
    private final String index;
    private final String config;
    private final String layer;

    ImageFlavor(String manifest, String index, String config, String layer) {
        this.manifest = manifest;
        this.index = index;
        this.config = config;
        this.layer = layer;
    }

    /** The media type of one platform's manifest. */
    public String manifest() {
        return manifest;
    }

    /** The media type of a multi-platform root (OCI index, Docker manifest list). */
    public String index() {
        return index;
    }

    /** The media type of an image config. */
    public String config() {
        return config;
    }

    /** The media type of a gzip tar layer. */
    public String layer() {
        return layer;
    }
}
