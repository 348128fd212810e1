package dev.wharf.e2e.support;

import java.util.List;
import java.util.stream.Stream;

/** One platform's image ({@code platform} as {@code os/architecture}): its manifest, config and layers. */
public record OciImage(String platform, OciDescriptor manifest, OciDescriptor config, List<OciDescriptor> layers) {
    public OciImage {
        if (!platform.matches("[a-z0-9]+/[a-z0-9]+")) {
            throw new IllegalArgumentException("platform: " + platform + " (expected: os/architecture)");
        }
        layers = List.copyOf(layers);
    }

    /** Every blob the image references: the config then the layers. */
    public List<OciDescriptor> blobs() {
        return Stream.concat(Stream.of(config), layers.stream()).toList();
    }
}
