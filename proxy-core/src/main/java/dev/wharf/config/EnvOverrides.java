package dev.wharf.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Applies environment variables to the parsed tree before binding, so their values are checked exactly like the
 * file's. {@code WHARF_SERVER_PORT=9090} sets {@code server.port}: the keys of the path, upper-cased, joined by
 * {@code _}, matched to the keys of the configuration records and formats ({@link FormatKeys}) ignoring case (so
 * {@code WHARF_STORAGE_BLOBS_PATHSTYLE} reaches {@code storage.blobs.pathStyle}). In a list of sections, an item is
 * named by its {@code key}: {@code WHARF_REPOSITORIES_<KEY>_<FIELD>} sets a field of the repository whose key,
 * upper-cased with {@code -} and {@code .} as {@code _}, is {@code KEY}; the field may be nested
 * ({@code WHARF_REPOSITORIES_DOCKERHUB_UPSTREAM_READTIMEOUT}). A list key takes comma-separated values; an empty
 * variable resets a key to its default.
 *
 * <p>Variables whose first segment is not a top-level key ({@code WHARF_HOME}, ...) are not configuration and are
 * left alone; below it, a name that reaches no key is an error, so that typos do not pass silently.
 */
final class EnvOverrides {
    static final String PREFIX = "WHARF_";
    /** The component by which an item of a list of sections is named in a variable. */
    private static final String ITEM_KEY = "key";

    private EnvOverrides() {
    }

    /** Applies the overrides to {@code tree} in place; returns, for each key path set, the variable that set it. */
    static Map<String, String> apply(ObjectNode tree, Map<String, String> env, FormatKeys keys) {
        Map<String, String> origins = new HashMap<>();
        for (Map.Entry<String, String> variable : new TreeMap<>(env).entrySet()) {
            String name = variable.getKey();
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            String[] segments = name.substring(PREFIX.length()).split("_", -1);
            if (matching(keys.keys(WharfConfig.class, tree), segments[0]).isEmpty()) {
                continue;
            }
            String path = new Override(keys, name, segments).apply(tree, variable.getValue());
            String earlier = origins.put(path, name);
            if (earlier != null) {
                throw new ConfigException(name, "sets " + path + ", which " + earlier + " already sets");
            }
        }
        return origins;
    }

    /** {@code key} upper-cased with {@code -} and {@code .} as {@code _}, as it appears in a variable name. */
    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    private static Optional<RecordKeys.Key> matching(List<RecordKeys.Key> keys, String segment) {
        return keys.stream().filter(k -> k.name().equalsIgnoreCase(segment)).findFirst();
    }

    /** The key a variable reaches: the names from where the walk started, and the last key. */
    private record Target(List<String> names, RecordKeys.Key key) {
    }

    /** The walk of one variable's segments down the records and the tree. */
    private static final class Override {
        private final FormatKeys keys;
        private final String variable;
        private final String[] segments;

        Override(FormatKeys keys, String variable, String[] segments) {
            this.keys = keys;
            this.variable = variable;
            this.segments = segments;
        }

        /** Sets the value; returns the key path it set, e.g. {@code server.port} or {@code repositories[0].url}. */
        String apply(ObjectNode tree, String value) {
            RecordKeys.Key first = child(WharfConfig.class, tree, segments[0], "");
            if (first.isSectionList()) {
                return setItemField(listAt(tree, first.name(), first.name()), first.sectionType(), first.name(), value);
            }
            return set(tree, resolve(WharfConfig.class, tree, "", 0), "", value);
        }

        /**
         * The key under {@code node}, a section of {@code type} at {@code path}, that segments {@code from..} name,
         * found without changing the tree.
         */
        private Target resolve(Class<? extends Record> type, JsonNode node, String path, int from) {
            List<String> names = new ArrayList<>();
            String keyPath = path;
            for (int i = from; ; i++) {
                RecordKeys.Key key = child(type, node, segments[i], keyPath);
                names.add(key.name());
                keyPath = KeyPath.child(keyPath, key.name());
                if (key.isSectionList()) {
                    throw new ConfigException(variable, "names " + keyPath + ", a list of sections inside a section,"
                            + " which no variable reaches");
                }
                if (!key.isSection()) {
                    if (i != segments.length - 1) {
                        throw new ConfigException(variable, "names no configuration key (" + keyPath
                                + " has no keys inside)");
                    }
                    return new Target(names, key);
                }
                if (i == segments.length - 1) {
                    throw new ConfigException(variable, keyPath + " is a section; name one of its keys ("
                            + RecordKeys.names(RecordKeys.of(key.sectionType())) + ")");
                }
                type = key.sectionType();
                node = node == null ? null : node.get(key.name());
            }
        }

        /** {@code <KEY>_<FIELD>} after the list's own segment: picks the item by its key, then the field in it. */
        private String setItemField(ArrayNode items, Class<? extends Record> itemType, String listPath, String value) {
            int from = 1;
            String example = "expected " + PREFIX + envName(listPath) + "_<KEY>_<FIELD>, e.g. " + PREFIX
                    + envName(listPath) + "_DOCKERHUB_PASSWORD";
            if (segments.length - from < 2) {
                throw new ConfigException(variable, example);
            }
            List<String> itemKeys = new ArrayList<>();
            List<Integer> matched = new ArrayList<>();
            List<Target> targets = new ArrayList<>();
            ConfigException fieldError = null;
            for (int i = 0; i < items.size(); i++) {
                JsonNode key = items.get(i).get(ITEM_KEY);
                if (key == null || !key.isValueNode() || key.isNull()) {
                    continue;
                }
                itemKeys.add(key.asText());
                String[] keySegments = envName(key.asText()).split("_", -1);
                int fieldFrom = from + keySegments.length;
                if (fieldFrom >= segments.length
                        || !Arrays.equals(keySegments, Arrays.copyOfRange(segments, from, fieldFrom))) {
                    continue;
                }
                try {
                    targets.add(resolve(itemType, items.get(i), KeyPath.item(listPath, i), fieldFrom));
                    matched.add(i);
                } catch (ConfigException e) {
                    fieldError = e;
                }
            }
            if (matched.size() > 1) {
                List<String> matchedKeys = matched.stream().map(i -> items.get(i).get(ITEM_KEY).asText()).toList();
                throw new ConfigException(variable, envName(matchedKeys.get(0)) + " matches more than one repository key ("
                        + String.join(", ", matchedKeys) + ")");
            }
            if (matched.isEmpty() && fieldError != null) {
                throw fieldError;
            }
            if (matched.isEmpty()) {
                throw new ConfigException(variable, "no repository's key matches the start of "
                        + String.join("_", Arrays.copyOfRange(segments, from, segments.length)) + " (keys: "
                        + (itemKeys.isEmpty() ? "none" : String.join(", ", itemKeys)) + ")");
            }
            Target target = targets.get(0);
            if (target.names().equals(List.of(ITEM_KEY))) {
                throw new ConfigException(variable, "a repository's key cannot be overridden: it is how the variable"
                        + " finds the repository");
            }
            int index = matched.get(0);
            return set((ObjectNode) items.get(index), target, KeyPath.item(listPath, index), value);
        }

        /** Sets {@code target} below {@code node} (at {@code path}), creating the sections on the way. */
        private String set(ObjectNode node, Target target, String path, String value) {
            String keyPath = path;
            for (String name : target.names().subList(0, target.names().size() - 1)) {
                keyPath = KeyPath.child(keyPath, name);
                node = mappingAt(node, name, keyPath);
            }
            RecordKeys.Key key = target.key();
            node.set(key.name(), valueNode(key, value));
            return KeyPath.child(keyPath, key.name());
        }

        private RecordKeys.Key child(Class<? extends Record> type, JsonNode node, String segment, String path) {
            List<RecordKeys.Key> known = keys.keys(type, node);
            return matching(known, segment).orElseThrow(() -> new ConfigException(variable,
                    "names no configuration key (" + (path.isEmpty() ? "" : path + " has ") + RecordKeys.names(known) + ")"));
        }
    }

    private static ObjectNode mappingAt(ObjectNode parent, String name, String path) {
        JsonNode existing = parent.get(name);
        if (existing == null || existing.isNull()) {
            return parent.putObject(name);
        }
        return TreeShaper.mapping(existing, path);
    }

    private static ArrayNode listAt(ObjectNode parent, String name, String path) {
        JsonNode existing = parent.get(name);
        if (existing == null || existing.isNull()) {
            return JsonNodeFactory.instance.arrayNode();
        }
        if (!existing.isArray()) {
            throw new ConfigException(path, "expected a list, got " + TreeShaper.kind(existing));
        }
        return (ArrayNode) existing;
    }

    private static JsonNode valueNode(RecordKeys.Key key, String value) {
        if (value.isEmpty()) {
            return NullNode.getInstance();
        }
        if (!key.isList()) {
            return TextNode.valueOf(value);
        }
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        for (String item : value.split(",", -1)) {
            items.add(item.trim());
        }
        return items;
    }
}
