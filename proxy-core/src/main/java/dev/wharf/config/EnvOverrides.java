package dev.wharf.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies environment variables to the parsed tree before binding, so their values are checked exactly like the
 * file's. {@code WHARF_SERVER_PORT=9090} sets {@code server.port}: the keys of the path, upper-cased, joined by
 * {@code _}, matched to the known keys ignoring case (so {@code WHARF_DOCKER_DEFAULTREPOSITORY} reaches
 * {@code docker.defaultRepository}). {@code WHARF_REPOSITORIES_<KEY>_<FIELD>} sets a field of the repository whose
 * key, upper-cased with {@code -} and {@code .} as {@code _}, is {@code KEY}. A list key takes comma-separated
 * values; an empty variable resets a key to its default.
 *
 * <p>Variables whose first segment is not a top-level section ({@code WHARF_HOME}, ...) are not configuration and
 * are left alone; under a section, a name that reaches no key is an error, so that typos do not pass silently.
 */
final class EnvOverrides {
    static final String PREFIX = "WHARF_";

    private EnvOverrides() {
    }

    /** Applies the overrides to {@code tree} in place; returns, for each key path set, the variable that set it. */
    static Map<String, String> apply(ObjectNode tree, Map<String, String> env) {
        Map<String, String> origins = new HashMap<>();
        for (Map.Entry<String, String> variable : new TreeMap<>(env).entrySet()) {
            String name = variable.getKey();
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            String[] segments = name.substring(PREFIX.length()).split("_", -1);
            if (ConfigSchema.ROOT.childIgnoringCase(segments[0]).isEmpty()) {
                continue;
            }
            String path = new Override(tree, name, segments).apply(variable.getValue());
            String earlier = origins.put(path, name);
            if (earlier != null) {
                throw new ConfigException(name, "sets " + path + ", which " + earlier + " already sets");
            }
        }
        return origins;
    }

    /** The walk of one variable's segments down the schema and the tree. */
    private static final class Override {
        private final ObjectNode tree;
        private final String variable;
        private final String[] segments;

        Override(ObjectNode tree, String variable, String[] segments) {
            this.tree = tree;
            this.variable = variable;
            this.segments = segments;
        }

        /** Sets the value; returns the key path it set, e.g. {@code server.port} or {@code repositories[0].url}. */
        String apply(String value) {
            ObjectNode node = tree;
            ConfigSchema.Key schema = ConfigSchema.ROOT;
            String path = "";
            for (int i = 0; ; i++) {
                ConfigSchema.Key key = child(schema, segments[i], path);
                String keyPath = path.isEmpty() ? key.name() : path + "." + key.name();
                boolean last = i == segments.length - 1;
                switch (key.kind()) {
                    case SECTION -> {
                        if (last) {
                            throw new ConfigException(variable, keyPath + " is a section; name one of its keys ("
                                    + key.childNames() + ")");
                        }
                        node = mappingAt(node, key.name(), keyPath);
                        schema = key;
                        path = keyPath;
                    }
                    case SECTION_LIST -> {
                        return setRepositoryField(key, i + 1, value);
                    }
                    default -> {
                        if (!last) {
                            throw new ConfigException(variable, "names no configuration key (" + keyPath
                                    + " has no keys inside)");
                        }
                        node.set(key.name(), valueNode(key, value));
                        return keyPath;
                    }
                }
            }
        }

        /** {@code WHARF_REPOSITORIES_<KEY>_<FIELD>}, the segments of KEY and FIELD starting at {@code from}. */
        private String setRepositoryField(ConfigSchema.Key repositories, int from, String value) {
            if (segments.length - from < 2) {
                throw new ConfigException(variable, "expected WHARF_REPOSITORIES_<KEY>_<FIELD>, e.g."
                        + " WHARF_REPOSITORIES_DOCKERHUB_PASSWORD");
            }
            String envKey = String.join("_", List.of(segments).subList(from, segments.length - 1));
            ConfigSchema.Key field = child(repositories, segments[segments.length - 1], "repositories[" + envKey + "]");
            if (field.name().equals("key")) {
                throw new ConfigException(variable, "a repository's key cannot be overridden: it is how the variable"
                        + " finds the repository");
            }
            JsonNode list = tree.get("repositories");
            if (list != null && !list.isNull() && !list.isArray()) {
                throw new ConfigException("repositories", "expected a list, got " + Describe.kind(list));
            }
            List<Integer> matches = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            for (int i = 0; list != null && i < list.size(); i++) {
                JsonNode key = list.get(i).get("key");
                if (key != null && key.isValueNode()) {
                    keys.add(key.asText());
                    if (envName(key.asText()).equals(envKey)) {
                        matches.add(i);
                    }
                }
            }
            if (matches.isEmpty()) {
                throw new ConfigException(variable, "no repository has a key that reads " + envKey
                        + " (keys: " + (keys.isEmpty() ? "none" : String.join(", ", keys)) + ")");
            }
            if (matches.size() > 1) {
                throw new ConfigException(variable, envKey + " matches more than one repository key ("
                        + String.join(", ", matches.stream().map(i -> list.get(i).get("key").asText()).toList()) + ")");
            }
            int index = matches.get(0);
            ((ObjectNode) list.get(index)).set(field.name(), valueNode(field, value));
            return "repositories[" + index + "]." + field.name();
        }

        private ConfigSchema.Key child(ConfigSchema.Key schema, String segment, String path) {
            return schema.childIgnoringCase(segment).orElseThrow(() -> new ConfigException(variable,
                    "names no configuration key (" + (path.isEmpty() ? "" : path + " has ") + schema.childNames() + ")"));
        }
    }

    /** {@code key} upper-cased with {@code -} and {@code .} as {@code _}, as it appears in a variable name. */
    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    private static ObjectNode mappingAt(ObjectNode parent, String name, String path) {
        JsonNode existing = parent.get(name);
        if (existing == null || existing.isNull()) {
            return parent.putObject(name);
        }
        if (!existing.isObject()) {
            throw new ConfigException(path, "expected a mapping, got " + Describe.kind(existing));
        }
        return (ObjectNode) existing;
    }

    private static JsonNode valueNode(ConfigSchema.Key key, String value) {
        if (value.isEmpty()) {
            return NullNode.getInstance();
        }
        if (key.kind() != ConfigSchema.Kind.LIST) {
            return TextNode.valueOf(value);
        }
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        for (String item : value.split(",", -1)) {
            items.add(item.trim());
        }
        return items;
    }
}
