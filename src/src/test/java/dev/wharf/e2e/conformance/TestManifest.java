package dev.wharf.e2e.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.e2e.support.OciDescriptor;
import dev.wharf.e2e.support.PseudoRandomBytes;
import dev.wharf.e2e.support.RegistryMediaTypes;
import dev.wharf.e2e.support.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small OCI manifest of the conformance suite and the blobs it references (config first): an image with one
 * layer of seeded bytes, or an artifact with an optional {@code artifactType}, annotations and {@code subject}.
 */
record TestManifest(String mediaType, byte[] bytes, List<byte[]> blobs) {
    /** The media type of the empty config of artifacts (OCI image-spec 1.1). */
    static final String EMPTY_CONFIG = "application/vnd.oci.empty.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    TestManifest {
        blobs = List.copyOf(blobs);
    }

    /** An OCI image manifest over a config and one layer of {@code layerBytes} bytes, all unique to {@code seed}. */
    static TestManifest image(long seed, int layerBytes) {
        byte[] config = json(ordered("architecture", "amd64", "os", "linux",
                "rootfs", ordered("type", "layers", "diff_ids", List.of()), "comment", "conformance seed " + seed));
        byte[] layer = PseudoRandomBytes.array(seed, layerBytes);
        Map<String, Object> manifest = ordered("schemaVersion", 2, "mediaType", RegistryMediaTypes.OCI_MANIFEST,
                "config", descriptor(RegistryMediaTypes.OCI_CONFIG, config),
                "layers", List.of(descriptor(RegistryMediaTypes.OCI_LAYER_GZIP, layer)));
        return new TestManifest(RegistryMediaTypes.OCI_MANIFEST, json(manifest), List.of(config, layer));
    }

    /**
     * An OCI artifact manifest (an image manifest without layers) whose config has {@code configMediaType}; its
     * {@code artifactType} is left out when null, and {@code subject} when null.
     */
    static TestManifest artifact(String artifactType, String configMediaType, Map<String, String> annotations,
                                 OciDescriptor subject) {
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        Map<String, Object> manifest = ordered("schemaVersion", 2, "mediaType", RegistryMediaTypes.OCI_MANIFEST);
        if (artifactType != null) {
            manifest.put("artifactType", artifactType);
        }
        manifest.put("config", descriptor(configMediaType, config));
        manifest.put("layers", List.of());
        if (subject != null) {
            manifest.put("subject", ordered("mediaType", subject.mediaType(), "digest", subject.digest(), "size", subject.size()));
        }
        if (!annotations.isEmpty()) {
            manifest.put("annotations", annotations);
        }
        return new TestManifest(RegistryMediaTypes.OCI_MANIFEST, json(manifest), List.of(config));
    }

    /** This image manifest with one more layer, of bytes unique to {@code seed}, that is never uploaded. */
    TestManifest withMissingLayer(long seed) {
        byte[] missing = PseudoRandomBytes.array(seed, 512);
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> manifest = JSON.readValue(bytes, LinkedHashMap.class);
            @SuppressWarnings("unchecked")
            List<Object> layers = new ArrayList<>((List<Object>) manifest.get("layers"));
            layers.add(descriptor(RegistryMediaTypes.OCI_LAYER_GZIP, missing));
            manifest.put("layers", layers);
            return new TestManifest(mediaType, json(manifest), blobs);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a manifest of ours is not JSON", e);
        }
    }

    /** {@code sha256:<hex>} of the manifest bytes. */
    String digest() {
        return Sha256.of(bytes);
    }

    /** The manifest's descriptor, as a subject or index entry names it. */
    OciDescriptor descriptor() {
        return new OciDescriptor(mediaType, digest(), bytes.length);
    }

    /** The config blob. */
    byte[] config() {
        return blobs.get(0);
    }

    /** The first layer blob of an image. */
    byte[] layer() {
        return blobs.get(1);
    }

    private static Map<String, Object> descriptor(String mediaType, byte[] content) {
        return ordered("mediaType", mediaType, "digest", Sha256.of(content), "size", content.length);
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** A mutable map keeping insertion order, so that the JSON (and so its digest) is stable. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
