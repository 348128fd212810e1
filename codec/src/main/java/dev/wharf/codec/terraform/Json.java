package dev.wharf.codec.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Reading and writing the protocol documents: JSON, strictly parsed, compactly written. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** The JSON object in {@code bytes}; a {@link TerraformNameException} naming {@code what} otherwise. */
    static JsonNode object(byte[] bytes, String what) {
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new TerraformNameException(what + " is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new TerraformNameException(what + " cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new TerraformNameException(what + " is not a JSON object");
        }
        return root;
    }

    /** A required text field. */
    static String text(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new TerraformNameException(what + " has no text field \"" + field + "\"");
        }
        return value.asText();
    }

    /** An optional text field, or null. */
    static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory", e);
        }
    }
}
