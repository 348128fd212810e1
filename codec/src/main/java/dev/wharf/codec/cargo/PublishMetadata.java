package dev.wharf.codec.cargo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.codec.Digest;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * The JSON half of {@code cargo publish}'s body, read into the version's index line but for its checksum, which
 * the crate file that follows gives.
 *
 * @param line the index line without {@code cksum}
 */
public record PublishMetadata(String name, String version, ObjectNode line) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The largest metadata document accepted. */
    public static final int MAX_BYTES = 1 << 20;

    /** The index line of the version, once its crate file's sha256 is known. */
    public IndexEntry entry(Digest cksum) {
        ObjectNode complete = JSON.createObjectNode();
        line.fields().forEachRemaining(field -> {
            complete.set(field.getKey(), field.getValue());
            if (field.getKey().equals("deps")) {
                complete.put("cksum", cksum.hex());
            }
        });
        return new IndexEntry(name, version, cksum, false, complete);
    }

    /**
     * Reads the metadata.
     *
     * @throws IllegalArgumentException when the metadata is not what Cargo sends (JSON with a valid name, version and deps)
     */
    public static PublishMetadata parse(byte[] metadata) {
        JsonNode node;
        try {
            node = JSON.readTree(metadata);
        } catch (IOException e) {
            throw new IllegalArgumentException("the publish metadata is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("the publish metadata is not a JSON object");
        }
        String name = CrateName.check(node.path("name").asText(null));
        String version = CrateVersion.check(node.path("vers").asText(null));
        ObjectNode line = JSON.createObjectNode();
        line.put("name", name);
        line.put("vers", version);
        ArrayNode deps = line.putArray("deps");
        for (JsonNode dep : node.path("deps")) {
            deps.add(dependency(dep));
        }
        ObjectNode features = JSON.createObjectNode();
        ObjectNode features2 = JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("features").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> feature = it.next();
            boolean v2 = false;
            for (JsonNode value : feature.getValue()) {
                v2 |= value.asText().startsWith("dep:") || value.asText().contains("?/");
            }
            (v2 ? features2 : features).set(feature.getKey(), feature.getValue());
        }
        line.set("features", features);
        if (!features2.isEmpty()) {
            line.set("features2", features2);
            line.put("v", 2);
        }
        line.put("yanked", false);
        line.set("links", node.path("links").isTextual() ? node.get("links") : null);
        if (node.path("rust_version").isTextual()) {
            line.set("rust_version", node.get("rust_version"));
        }
        return new PublishMetadata(name, version, line);
    }

    private static ObjectNode dependency(JsonNode dep) {
        String name = CrateName.check(dep.path("name").asText(null));
        if (!dep.path("version_req").isTextual()) {
            throw new IllegalArgumentException("dependency " + name + " has no version_req");
        }
        ObjectNode out = JSON.createObjectNode();
        boolean renamed = dep.path("explicit_name_in_toml").isTextual();
        out.put("name", renamed ? CrateName.check(dep.get("explicit_name_in_toml").asText()) : name);
        out.put("req", dep.get("version_req").asText());
        out.set("features", dep.path("features").isArray() ? dep.get("features") : JSON.createArrayNode());
        out.put("optional", dep.path("optional").asBoolean(false));
        out.put("default_features", dep.path("default_features").asBoolean(true));
        out.set("target", dep.path("target").isTextual() ? dep.get("target") : null);
        out.put("kind", dep.path("kind").asText("normal"));
        if (dep.path("registry").isTextual()) {
            out.set("registry", dep.get("registry"));
        }
        if (renamed) {
            out.put("package", name);
        }
        return out;
    }
}
