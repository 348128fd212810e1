package dev.wharf.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Brings the tree into the shape Jackson binds, guided by the configuration records ({@link RecordKeys}): a key no
 * record component names is an error (typos must not pass silently), except the user's own {@code x-...} keys,
 * which are dropped; a section must be a mapping and a list a list; an absent or null key takes its
 * {@link Default}, an absent list is empty, and an absent section is an empty mapping (its keys at their defaults)
 * unless it is an {@link OptionalSection}. What is left for Jackson is converting scalars and building the records.
 */
final class TreeShaper {
    /** Keys starting with this are the user's own (YAML anchors, notes) and are ignored. */
    static final String EXTENSION_PREFIX = "x-";

    private TreeShaper() {
    }

    /** Shapes the whole tree in place for {@link WharfConfig}. */
    static void shape(ObjectNode tree) {
        shapeSection(tree, WharfConfig.class, "");
    }

    private static void shapeSection(ObjectNode node, Class<? extends Record> type, String path) {
        List<RecordKeys.Key> keys = RecordKeys.of(type);
        for (String name : names(node)) {
            String at = KeyPath.child(path, name);
            if (name.startsWith(EXTENSION_PREFIX)) {
                node.remove(name);
                continue;
            }
            RecordKeys.Key key = find(keys, name).orElseThrow(() -> new ConfigException(at,
                    "unknown key (expected one of " + RecordKeys.names(keys) + ")"));
            JsonNode value = node.get(name);
            if (value.isNull()) {
                node.remove(name);
            } else if (key.isSection()) {
                shapeSection(mapping(value, at), key.sectionType(), at);
            } else if (key.isList()) {
                ArrayNode list = list(value, at);
                for (int i = 0; key.isSectionList() && i < list.size(); i++) {
                    String itemAt = KeyPath.item(at, i);
                    shapeSection(mapping(list.get(i), itemAt), key.sectionType(), itemAt);
                }
            }
        }
        for (RecordKeys.Key key : keys) {
            if (node.has(key.name())) {
                continue;
            }
            if (key.defaultText() != null) {
                node.set(key.name(), TextNode.valueOf(key.defaultText()));
            } else if (key.isList()) {
                node.putArray(key.name());
            } else if (key.isSection() && !key.optional()) {
                shapeSection(node.putObject(key.name()), key.sectionType(), KeyPath.child(path, key.name()));
            }
        }
    }

    /** The names of {@code node}'s keys, in order, copied so that the node can change while they are visited. */
    static List<String> names(ObjectNode node) {
        return node.properties().stream().map(Map.Entry::getKey).toList();
    }

    /** The key named exactly {@code name}. */
    static Optional<RecordKeys.Key> find(List<RecordKeys.Key> keys, String name) {
        return keys.stream().filter(k -> k.name().equals(name)).findFirst();
    }

    /** {@code a mapping}, {@code a list}, {@code null} or {@code a scalar} (the YAML reader keeps every scalar as text). */
    static String kind(JsonNode value) {
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        return value.isNull() ? "null" : "a scalar";
    }

    static ObjectNode mapping(JsonNode value, String path) {
        if (!value.isObject()) {
            throw new ConfigException(path, "expected a mapping, got " + kind(value));
        }
        return (ObjectNode) value;
    }

    private static ArrayNode list(JsonNode value, String path) {
        if (!value.isArray()) {
            throw new ConfigException(path, "expected a list, got " + kind(value));
        }
        return (ArrayNode) value;
    }
}
