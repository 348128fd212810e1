package dev.wharf.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** How error messages show a YAML value: strings quoted, numbers and booleans as written, structures by kind. */
final class Describe {
    private Describe() {
    }

    /** {@code "10 minutes"}, {@code 70000}, {@code true}, or the kind for a mapping or list. */
    static String value(JsonNode value) {
        if (value.isTextual()) {
            return Check.quote(value.textValue());
        }
        if (value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        return kind(value);
    }

    /** {@code a mapping}, {@code a list}, {@code a scalar}, {@code a number}, {@code a boolean} or {@code null}. */
    static String kind(JsonNode value) {
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isTextual()) {
            // The YAML reader keeps every scalar as text, so whether it looked like a number is not known here.
            return "a scalar";
        }
        if (value.isNumber()) {
            return "a number";
        }
        if (value.isBoolean()) {
            return "a boolean";
        }
        return value.isNull() ? "null" : value.getNodeType().toString().toLowerCase(Locale.ROOT);
    }
}
