package dev.wharf.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The configuration tree of {@code java -jar wharf.jar} without a file: the format-neutral part here, and what the
 * formats add (their built-in repositories and section values) merged into it.
 */
final class EmbeddedDefault {
    private static final String YAML = """
            server:
              port: 8080
            storage:
              blobs: { type: filesystem }
              metadata: { type: embedded }
              coordination: { type: local }
            auth:
              anonymousRead: true
            repositories: []
            """;

    private EmbeddedDefault() {
    }

    /**
     * A fresh tree (the caller applies overrides to it in place) keeping its data under {@code dataDir}, with
     * {@code additions} merged in: mappings key by key, lists appended.
     */
    static ObjectNode tree(Path dataDir, List<ObjectNode> additions) {
        ObjectNode tree = YamlFile.parse(YAML, ConfigLoader.EMBEDDED_SOURCE).tree();
        // Set as tree values rather than written into the YAML, so no directory name needs quoting.
        ObjectNode storage = (ObjectNode) tree.get("storage");
        ((ObjectNode) storage.get("blobs")).put("path", dataDir.resolve("blobs").toString());
        ((ObjectNode) storage.get("metadata")).put("path", dataDir.resolve("meta").toString());
        tree.putObject("cache").put("spoolPath", dataDir.resolve("spool").toString());
        for (ObjectNode addition : additions) {
            merge(tree, addition.deepCopy(), "");
        }
        return tree;
    }

    private static void merge(ObjectNode into, ObjectNode from, String path) {
        for (Map.Entry<String, JsonNode> entry : from.properties()) {
            String at = KeyPath.child(path, entry.getKey());
            JsonNode existing = into.get(entry.getKey());
            JsonNode added = entry.getValue();
            if (existing == null) {
                into.set(entry.getKey(), added);
            } else if (existing.isObject() && added.isObject()) {
                merge((ObjectNode) existing, (ObjectNode) added, at);
            } else if (existing.isArray() && added.isArray()) {
                ((ArrayNode) existing).addAll((ArrayNode) added);
            } else {
                // Two formats setting one value would make the default depend on their order.
                throw new IllegalStateException("the embedded defaults of two formats both set " + at);
            }
        }
    }
}
