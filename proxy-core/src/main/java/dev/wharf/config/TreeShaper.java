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
 * unless it is an {@link OptionalSection}. Which keys a mapping may hold, the formats' included, is
 * {@link FormatKeys}'s to say. What is left for Jackson is converting scalars and building the records.
 */
final class TreeShaper {
    /** Keys starting with this are the user's own (YAML anchors, notes) and are ignored. */
    static final String EXTENSION_PREFIX = "x-";
    /** Where the shaped tree holds the format sections, bound into {@code WharfConfig.sections}. */
    static final String SECTIONS = "sections";
    /** Where a shaped repository holds its format's keys, bound into {@code RepositoryConfig.options}. */
    static final String OPTIONS = "options";

    private final FormatKeys keys;

    TreeShaper(FormatKeys keys) {
        this.keys = keys;
    }

    /**
     * Shapes the whole tree in place for {@link WharfConfig}. The formats' parts are bound here, each by the record
     * its format names, and embedded in the tree where {@link WharfConfig} and {@link RepositoryConfig} hold them:
     * the format sections under {@value #SECTIONS}, each repository's format keys under {@value #OPTIONS}.
     */
    void shape(ObjectNode tree) {
        shapeSection(tree, WharfConfig.class, "");
        ObjectNode sections = tree.objectNode();
        keys.catalog().sections().forEach((name, type) -> sections.set(name, RecordBinder.embed(tree.remove(name), type, name)));
        tree.set(SECTIONS, sections);
    }

    private void shapeSection(ObjectNode node, Class<? extends Record> type, String path) {
        // A repository's format and type are checked first: they decide which keys it may have at all.
        Class<? extends Record> optionsType = type == RepositoryConfig.class ? keys.optionsType(node, path) : null;
        String owner = optionsType == null ? "" : " for " + FormatKeys.describe(node);
        List<RecordKeys.Key> known = keys.keys(type, node);
        for (String name : names(node)) {
            String at = KeyPath.child(path, name);
            if (name.startsWith(EXTENSION_PREFIX)) {
                node.remove(name);
                continue;
            }
            RecordKeys.Key key = find(known, name).orElseThrow(() -> new ConfigException(at,
                    "unknown key" + owner + " (expected one of " + RecordKeys.names(known) + ")"));
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
        for (RecordKeys.Key key : known) {
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
        if (optionsType != null) {
            ObjectNode options = node.objectNode();
            for (RecordKeys.Key key : RecordKeys.of(optionsType)) {
                if (node.has(key.name())) {
                    options.set(key.name(), node.remove(key.name()));
                }
            }
            node.set(OPTIONS, RecordBinder.embed(options, optionsType, path));
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
