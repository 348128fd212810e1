package dev.wharf.codec.docker;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.wharf.codec.Digest;
import dev.wharf.codec.Printable;
import dev.wharf.codec.http.Accept;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pushed manifest, read for what a registry must check and index: its media type, the blobs and child
 * manifests it references (each must be in the repository before the manifest is accepted), the
 * {@code subject} it refers to and what the referrers API lists about it. {@link #parse} validates the
 * structure the distribution and image specs require and says what is wrong in a message for the client.
 *
 * @param blobs     the config and layers of an image manifest that the registry must hold (foreign and
 *                  non-distributable layers, which live elsewhere, are left out)
 * @param manifests the child manifests of an index
 */
public record ManifestDocument(String mediaType, Optional<String> artifactType, List<Descriptor> blobs,
                               List<Descriptor> manifests, Optional<Descriptor> subject, Map<String, String> annotations) {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        // Manifests are bounded by the server's size limit before they get here; nesting is not.
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    public ManifestDocument {
        blobs = List.copyOf(blobs);
        manifests = List.copyOf(manifests);
        annotations = Map.copyOf(annotations);
    }

    /** A content descriptor: what a manifest says about a blob or manifest it references. */
    public record Descriptor(String mediaType, Digest digest, long size, Optional<String> artifactType,
                             Map<String, String> annotations) {
        public Descriptor {
            annotations = Map.copyOf(annotations);
        }
    }

    /** A manifest that a registry must refuse, with what is wrong with it. */
    public static final class InvalidManifestException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidManifestException(String message) {
            super(message);
        }
    }

    /** True for an image manifest, false for an index. */
    public boolean isIndex() {
        return MediaTypes.isIndex(mediaType);
    }

    /**
     * Reads a manifest pushed with {@code contentType} (null when the client sent none: the document's own
     * {@code mediaType} names it then).
     *
     * @throws InvalidManifestException when it is not JSON, not a manifest type Wharf stores (schema 1 is refused),
     *                                  its {@code mediaType} contradicts the Content-Type, or a descriptor is malformed
     */
    public static ManifestDocument parse(byte[] bytes, String contentType) throws InvalidManifestException {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new InvalidManifestException("the manifest is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidManifestException("the manifest is not a JSON object");
        }
        JsonNode schemaVersion = root.get("schemaVersion");
        if (MediaTypes.isSchema1(contentType) || (schemaVersion != null && schemaVersion.asInt() == 1)) {
            throw new InvalidManifestException("Docker schema 1 manifests are not supported (push with a current client,"
                    + " which sends schema 2 or OCI)");
        }
        if (schemaVersion == null || !schemaVersion.isInt() || schemaVersion.asInt() != 2) {
            throw new InvalidManifestException("schemaVersion: expected 2");
        }
        Optional<String> declared = text(root, "mediaType");
        String type = type(contentType, declared, root);
        Optional<String> artifactType = text(root, "artifactType");
        Optional<Descriptor> subject = root.has("subject")
                ? Optional.of(descriptor(root.get("subject"), "subject")) : Optional.empty();
        Map<String, String> annotations = annotations(root.get("annotations"), "annotations");
        List<Descriptor> blobs = new ArrayList<>();
        List<Descriptor> manifests = new ArrayList<>();
        if (MediaTypes.isIndex(type)) {
            JsonNode list = root.get("manifests");
            if (list == null || !list.isArray()) {
                throw new InvalidManifestException("manifests: expected an array of descriptors");
            }
            for (int i = 0; i < list.size(); i++) {
                manifests.add(descriptor(list.get(i), "manifests[" + i + "]"));
            }
        } else {
            Descriptor config = descriptor(root.get("config"), "config");
            blobs.add(config);
            JsonNode layers = root.get("layers");
            if (layers == null || !layers.isArray()) {
                throw new InvalidManifestException("layers: expected an array of descriptors");
            }
            for (int i = 0; i < layers.size(); i++) {
                JsonNode layer = layers.get(i);
                Descriptor d = descriptor(layer, "layers[" + i + "]");
                if (!isExternal(d.mediaType(), layer)) {
                    blobs.add(d);
                }
            }
            if (artifactType.isEmpty() && !config.mediaType().equals(MediaTypes.OCI_EMPTY)
                    && type.equals(MediaTypes.OCI_MANIFEST)) {
                // Image spec: without artifactType, an artifact's type is its config's media type.
                artifactType = Optional.of(config.mediaType());
            }
        }
        return new ManifestDocument(type, artifactType, blobs, manifests, subject, annotations);
    }

    /** The manifest's type: the Content-Type when it names one, else the document's; the two must agree. */
    private static String type(String contentType, Optional<String> declared, JsonNode root) throws InvalidManifestException {
        String sent = contentType == null ? "" : Accept.essence(contentType);
        if (!sent.isEmpty() && !MediaTypes.isManifest(sent)) {
            throw new InvalidManifestException("Content-Type " + Printable.of(contentType)
                    + " is not a manifest type (expected one of " + String.join(", ", ManifestVariants.TYPES) + ")");
        }
        if (declared.isPresent() && !sent.isEmpty() && !Accept.essence(declared.get()).equals(sent)) {
            throw new InvalidManifestException("mediaType " + Printable.of(declared.get())
                    + " does not match the Content-Type " + sent);
        }
        if (!sent.isEmpty()) {
            return sent;
        }
        if (declared.isPresent()) {
            if (!MediaTypes.isManifest(declared.get())) {
                throw new InvalidManifestException("mediaType " + Printable.of(declared.get())
                        + " is not a manifest type");
            }
            return Accept.essence(declared.get());
        }
        return root.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
    }

    /** Layers the registry does not hold: Docker foreign layers, OCI non-distributable ones, anything with {@code urls}. */
    private static boolean isExternal(String mediaType, JsonNode descriptor) {
        return mediaType.equals(MediaTypes.DOCKER_FOREIGN_LAYER)
                || mediaType.startsWith("application/vnd.oci.image.layer.nondistributable.")
                || (descriptor.has("urls") && descriptor.get("urls").isArray() && !descriptor.get("urls").isEmpty());
    }

    private static Descriptor descriptor(JsonNode node, String where) throws InvalidManifestException {
        if (node == null || !node.isObject()) {
            throw new InvalidManifestException(where + ": expected a descriptor object");
        }
        String mediaType = text(node, "mediaType").orElseThrow(
                () -> new InvalidManifestException(where + ".mediaType: expected a string"));
        String digest = text(node, "digest").orElseThrow(
                () -> new InvalidManifestException(where + ".digest: expected a string"));
        if (!Digest.isValid(digest)) {
            throw new InvalidManifestException(where + ".digest: " + Printable.of(digest)
                    + " (expected sha256:<64 lowercase hex>)");
        }
        JsonNode size = node.get("size");
        if (size == null || !size.canConvertToExactIntegral() || !size.canConvertToLong() || size.asLong() < 0) {
            throw new InvalidManifestException(where + ".size: expected a whole number, 0 or more");
        }
        return new Descriptor(mediaType, Digest.parse(digest), size.asLong(), text(node, "artifactType"),
                annotations(node.get("annotations"), where + ".annotations"));
    }

    private static Map<String, String> annotations(JsonNode node, String where) throws InvalidManifestException {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new InvalidManifestException(where + ": expected an object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw new InvalidManifestException(where + "." + e.getKey() + ": expected a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static Optional<String> text(JsonNode node, String field) throws InvalidManifestException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new InvalidManifestException(field + ": expected a string");
        }
        return Optional.of(value.asText());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
