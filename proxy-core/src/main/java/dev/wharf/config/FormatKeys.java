package dev.wharf.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The keys a mapping of the tree may hold: those of its record ({@link RecordKeys}), where the formats of the build
 * ({@link FormatCatalog}) add theirs. At the top level, each format section ({@code docker}) is a key beside the
 * common sections; in a repository, the keys of its format's options record sit beside the common keys, chosen by
 * the repository's {@code format} and {@code type}. The components that carry these ({@code WharfConfig.sections},
 * {@code RepositoryConfig.options}) are not keys of the file themselves.
 */
final class FormatKeys {
    private final FormatCatalog catalog;

    FormatKeys(FormatCatalog catalog) {
        this.catalog = catalog;
    }

    FormatCatalog catalog() {
        return catalog;
    }

    /**
     * The keys of a mapping bound as {@code type}; {@code node} is the mapping (or null), which for a repository
     * decides its options. A repository whose format or type cannot be read gets only the common keys: the shaper
     * reports that problem.
     */
    List<RecordKeys.Key> keys(Class<? extends Record> type, JsonNode node) {
        if (type == WharfConfig.class) {
            List<RecordKeys.Key> keys = new ArrayList<>(common(type));
            catalog.sections().forEach((name, section) -> add(keys, new RecordKeys.Key(name, section, null, false), "a format section"));
            return keys;
        }
        if (type == RepositoryConfig.class) {
            List<RecordKeys.Key> keys = new ArrayList<>(common(type));
            try {
                if (node instanceof ObjectNode repository) {
                    Class<? extends Record> options = optionsType(repository, "");
                    RecordKeys.of(options).forEach(key -> add(keys, key, options.getName()));
                }
            } catch (ConfigException e) {
                // only the common keys, then
            }
            return keys;
        }
        return RecordKeys.of(type);
    }

    /** Adds a format's key beside the common ones, which it must not shadow. */
    private static void add(List<RecordKeys.Key> keys, RecordKeys.Key key, String owner) {
        if (TreeShaper.find(keys, key.name()).isPresent()) {
            throw new IllegalStateException(owner + " names its key " + key.name() + " like a common key");
        }
        keys.add(key);
    }

    /** The keys of {@code type} that the file writes, without the components the formats fill. */
    static List<RecordKeys.Key> common(Class<? extends Record> type) {
        return RecordKeys.of(type).stream().filter(k -> k.raw() != Map.class && k.raw() != Record.class).toList();
    }

    /** The options record of the repository at {@code path}, from its format and type; errors name those keys. */
    Class<? extends Record> optionsType(ObjectNode repository, String path) {
        String format = text(repository, RepositoryConfig.FORMAT, path);
        if (!catalog.ids().contains(format)) {
            throw new ConfigException(KeyPath.child(path, RepositoryConfig.FORMAT), Check.quote(format)
                    + " is not one of " + String.join(", ", new TreeSet<>(catalog.ids())) + " (the formats of this build)");
        }
        RepositoryType type;
        try {
            type = RepositoryType.of(text(repository, RepositoryConfig.TYPE, path));
        } catch (ConfigException e) {
            throw e.key() == null ? e.within(KeyPath.child(path, RepositoryConfig.TYPE)) : e;
        }
        return catalog.repositoryOptions(format, type);
    }

    /** {@code a docker remote repository}: how an unknown key's message names the repository. */
    static String describe(ObjectNode repository) {
        return "a " + repository.get(RepositoryConfig.FORMAT).asText() + " " + repository.get(RepositoryConfig.TYPE).asText()
                + " repository";
    }

    private static String text(ObjectNode node, String name, String path) {
        JsonNode value = node.get(name);
        String at = KeyPath.child(path, name);
        if (value == null || value.isNull()) {
            throw new ConfigException(at, "required");
        }
        if (!value.isValueNode()) {
            throw new ConfigException(at, "expected a string, got " + TreeShaper.kind(value));
        }
        return value.asText();
    }
}
