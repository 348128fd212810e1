package dev.wharf.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks JSON values against the subset of JSON Schema the OpenAPI document uses: {@code type} (a name or a list
 * of names, {@code ["string", "null"]} for nullable), {@code properties}, {@code required}, {@code items},
 * {@code enum}, {@code additionalProperties} (a boolean or a schema) and {@code $ref} into the document. Any other
 * keyword but annotations is refused ({@link #vet}), so the document never leans on a rule nobody checks.
 */
final class SchemaValidator {
    private static final Set<String> CHECKED = Set.of("type", "properties", "required", "items", "enum",
            "additionalProperties", "$ref");
    /** Keywords that only describe: {@code format} is documentation here (date-time strings are checked by tests). */
    private static final Set<String> ANNOTATIONS = Set.of("description", "format", "title");
    private static final Set<String> TYPES = Set.of("string", "integer", "number", "boolean", "object", "array", "null");

    private final JsonNode document;

    /** @param document what {@code $ref}s ({@code #/components/schemas/Name}) point into */
    SchemaValidator(JsonNode document) {
        this.document = document;
    }

    /** Every way {@code value} breaks {@code schema}, each as {@code <JSON pointer>: <what>}; empty when it conforms. */
    List<String> validate(JsonNode schema, JsonNode value) {
        List<String> violations = new ArrayList<>();
        check(schema, value, "", violations);
        return violations;
    }

    /**
     * Throws an {@link IllegalArgumentException} when {@code schema} (or a schema inside it) uses a keyword outside
     * the subset, names an unknown type, or holds a {@code $ref} that does not resolve.
     */
    void vet(JsonNode schema) {
        if (!schema.isObject()) {
            throw new IllegalArgumentException("a schema is an object: " + schema);
        }
        vetKeywords(schema);
        if (schema.has("$ref")) {
            resolve(schema.get("$ref").asText());
        }
        for (JsonNode type : schema.path("type").isArray() ? schema.get("type") : List.of(schema.path("type"))) {
            if (!type.isMissingNode() && !TYPES.contains(type.asText())) {
                throw new IllegalArgumentException("unknown type " + type + " in " + schema);
            }
        }
        schema.path("properties").forEach(this::vet);
        if (schema.has("items")) {
            vet(schema.get("items"));
        }
        if (schema.path("additionalProperties").isObject()) {
            vet(schema.get("additionalProperties"));
        }
    }

    /** The schema a local {@code $ref} names. */
    JsonNode resolve(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("only local references are supported: " + ref);
        }
        JsonNode target = document.at(ref.substring(1));
        if (target.isMissingNode()) {
            throw new IllegalArgumentException("unresolvable reference " + ref);
        }
        return target;
    }

    private void check(JsonNode schema, JsonNode value, String at, List<String> violations) {
        vetKeywords(schema);
        if (schema.has("$ref")) {
            check(resolve(schema.get("$ref").asText()), value, at, violations);
        }
        if (schema.has("type") && !hasType(schema.get("type"), value)) {
            violations.add(pointer(at) + ": " + kind(value) + ", expected " + schema.get("type"));
            return;
        }
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            violations.add(pointer(at) + ": " + value + " is not one of " + schema.get("enum"));
        }
        if (value.isObject()) {
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.asText())) {
                    violations.add(pointer(at) + ": required property " + required.asText() + " is missing");
                }
            }
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.path("additionalProperties");
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String inner = at + "/" + field.getKey().replace("~", "~0").replace("/", "~1");
                if (properties.has(field.getKey())) {
                    check(properties.get(field.getKey()), field.getValue(), inner, violations);
                } else if (additional.isBoolean() && !additional.asBoolean()) {
                    violations.add(pointer(inner) + ": property not allowed");
                } else if (additional.isObject()) {
                    check(additional, field.getValue(), inner, violations);
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.get("items"), value.get(i), at + "/" + i, violations);
            }
        }
    }

    private static void vetKeywords(JsonNode schema) {
        for (Iterator<String> names = schema.fieldNames(); names.hasNext(); ) {
            String keyword = names.next();
            if (!CHECKED.contains(keyword) && !ANNOTATIONS.contains(keyword)) {
                throw new IllegalArgumentException("unsupported keyword " + keyword + " in " + schema);
            }
        }
    }

    private static boolean hasType(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode one : type) {
                if (is(one.asText(), value)) {
                    return true;
                }
            }
            return false;
        }
        return is(type.asText(), value);
    }

    private static boolean is(String type, JsonNode value) {
        return switch (type) {
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "null" -> value.isNull();
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode candidate : values) {
            if (candidate.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static String kind(JsonNode value) {
        return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + value;
    }

    private static String pointer(String at) {
        return at.isEmpty() ? "/" : at;
    }
}
