package dev.wharf.e2e.support;

import java.util.List;
import java.util.stream.Stream;

/**
 * One platform's image ({@code platform} as {@code os/architecture}): its manifest, config and layers, and
 * the layers' diff_ids (digests of the uncompressed tars, as the config lists them and as docker and
 * podman report them after a pull).
 */
public record OciImage(String platform, OciDescriptor manifest, OciDescriptor config, List<OciDescriptor> layers,
                       List<String> diffIds) {
    public OciImage {
        if (!platform.matches("[a-z0-9]+/[a-z0-9]+")) {
            throw new IllegalArgumentException("platform: " + platform + " (expected: os/architecture)");
        }
        layers = List.copyOf(layers);
        diffIds = List.copyOf(diffIds);
        if (diffIds.size() != layers.size()) {
            throw new IllegalArgumentException("diffIds: " + diffIds.size() + " (expected: one per layer, " + layers.size() + ")");
        }
    }

    /** Every blob the image references: the config then the layers. */
    public List<OciDescriptor> blobs() {
        return Stream.concat(Stream.of(config), layers.stream()).toList();
    }
}
