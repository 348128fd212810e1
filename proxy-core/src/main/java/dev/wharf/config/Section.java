package dev.wharf.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One mapping of the parsed YAML tree, read key by key into Java types. Every value is checked for its type here,
 * with the full key path in the error; ranges and rules are left to the records. Unknown keys (other than
 * {@code x-...}) fail when the section is opened; a key that is absent or {@code null} reads as its default.
 */
final class Section {
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");

    private final ObjectNode node;
    private final String path;
    private final ConfigSchema.Key schema;
    private final boolean present;

    private Section(ObjectNode node, String path, ConfigSchema.Key schema, boolean present) {
        this.node = node;
        this.path = path;
        this.schema = schema;
        this.present = present;
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (schema.child(name).isEmpty() && !name.startsWith(ConfigSchema.EXTENSION_PREFIX)) {
                throw new ConfigException(key(name), "unknown key (expected one of " + schema.childNames() + ")");
            }
        }
    }

    /** The top of the tree, which the YAML reader has already checked to be a mapping. */
    static Section root(ObjectNode tree) {
        return new Section(tree, "", ConfigSchema.ROOT, true);
    }

    /** The mapping under {@code name}; an empty one when absent. */
    Section section(String name) {
        JsonNode child = value(name);
        ConfigSchema.Key childSchema = schemaOf(name);
        if (child == null) {
            return new Section(JsonNodeFactory.instance.objectNode(), key(name), childSchema, false);
        }
        return new Section(mapping(child, key(name)), key(name), childSchema, true);
    }

    /** Whether the file (or an override) wrote this section at all, even empty. */
    boolean present() {
        return present;
    }

    /** The mappings of the list under {@code name}, in order; empty when absent. */
    List<Section> sections(String name) {
        JsonNode list = value(name);
        List<Section> sections = new ArrayList<>();
        if (list == null) {
            return sections;
        }
        if (!list.isArray()) {
            throw new ConfigException(key(name), "expected a list, got " + Describe.kind(list));
        }
        for (int i = 0; i < list.size(); i++) {
            String itemPath = key(name) + "[" + i + "]";
            sections.add(new Section(mapping(list.get(i), itemPath), itemPath, schemaOf(name), true));
        }
        return sections;
    }

    /** The text under {@code name} (a number or boolean is taken as written), or null when absent. */
    String text(String name) {
        JsonNode value = value(name);
        if (value == null) {
            return null;
        }
        if (!value.isValueNode()) {
            throw new ConfigException(key(name), "expected a string, got " + Describe.kind(value));
        }
        return value.asText();
    }

    /** The texts of the list under {@code name}; empty when absent. */
    List<String> texts(String name) {
        JsonNode list = value(name);
        List<String> texts = new ArrayList<>();
        if (list == null) {
            return texts;
        }
        if (!list.isArray()) {
            throw new ConfigException(key(name), "expected a list, got " + Describe.kind(list));
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            if (!item.isValueNode() || item.isNull()) {
                throw new ConfigException(key(name) + "[" + i + "]", "expected a string, got " + Describe.kind(item));
            }
            texts.add(item.asText());
        }
        return texts;
    }

    /** The whole number under {@code name}, written as a YAML integer or as digits in a string. */
    int integer(String name, int absent) {
        JsonNode value = value(name);
        if (value == null) {
            return absent;
        }
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return value.intValue();
        }
        boolean digits = value.isTextual() && INTEGER.matcher(value.textValue()).matches();
        if (digits) {
            long parsed = Long.parseLong(value.textValue());
            if (parsed == (int) parsed) {
                return (int) parsed;
            }
        }
        if (digits || value.isIntegralNumber()) {
            throw new ConfigException(key(name), Describe.value(value) + " is out of range (expected a 32-bit integer)");
        }
        throw new ConfigException(key(name), Describe.value(value) + " is not an integer");
    }

    /** The boolean under {@code name}: {@code true}/{@code false}, or {@code yes}/{@code no}, {@code on}/{@code off} as YAML 1.1 reads them; any case. */
    boolean bool(String name, boolean absent) {
        JsonNode value = value(name);
        if (value == null) {
            return absent;
        }
        String text = value.asText().toLowerCase(java.util.Locale.ROOT);
        if (value.isValueNode() && List.of("true", "yes", "on").contains(text)) {
            return true;
        }
        if (value.isValueNode() && List.of("false", "no", "off").contains(text)) {
            return false;
        }
        throw new ConfigException(key(name), Describe.value(value) + " is not a boolean (expected true or false)");
    }

    /** The duration under {@code name}, written {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h} or {@code 2d}. */
    Duration duration(String name, Duration absent) {
        JsonNode value = value(name);
        if (value == null) {
            return absent;
        }
        if (value.isTextual()) {
            var parsed = DurationSyntax.parse(value.textValue());
            if (parsed.isPresent()) {
                return parsed.get();
            }
        }
        throw new ConfigException(key(name), Describe.value(value) + " is not a duration " + DurationSyntax.EXPECTED);
    }

    /** The file system path under {@code name}, absolute (a relative one resolves against the working directory), or null. */
    Path path(String name) {
        String text = text(name);
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            throw new ConfigException(key(name), "must not be blank");
        }
        try {
            return Path.of(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new ConfigException(key(name), Check.quote(text) + " is not a valid path (" + e.getReason() + ")");
        }
    }

    /** The URL under {@code name}, or null; whether its scheme fits is for the record to say. */
    URI uri(String name) {
        String text = text(name);
        if (text == null) {
            return null;
        }
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new ConfigException(key(name), Check.quote(Redaction.url(text)) + " is not a valid URL");
        }
    }

    /** The text under {@code name} turned into a value by {@code parser}, or null when absent. */
    <T> T parsed(String name, Function<String, T> parser) {
        String text = text(name);
        if (text == null) {
            return null;
        }
        try {
            return parser.apply(text);
        } catch (ConfigException e) {
            throw e.within(key(name));
        }
    }

    /** Runs a record constructor, placing the keys of its errors under this section. */
    <T> T build(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (ConfigException e) {
            throw path.isEmpty() ? e : e.within(path);
        }
    }

    private JsonNode value(String name) {
        schemaOf(name);
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    private ConfigSchema.Key schemaOf(String name) {
        return schema.child(name).orElseThrow(() -> new IllegalStateException(
                "the binder reads " + key(name) + ", which the schema does not list"));
    }

    private String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static ObjectNode mapping(JsonNode value, String path) {
        if (!value.isObject()) {
            throw new ConfigException(path, "expected a mapping, got " + Describe.kind(value));
        }
        return (ObjectNode) value;
    }
}
