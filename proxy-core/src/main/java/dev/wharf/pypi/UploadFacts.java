package dev.wharf.pypi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * What a local repository keeps of an uploaded file beside its bytes, as a small JSON document: the form's
 * metadata fields as sent, when it was uploaded, its {@code Requires-Python}, and whether (and why) it is yanked.
 *
 * @param yanked null when not yanked, else the reason ({@code ""} for none)
 */
record UploadFacts(Map<String, List<String>> fields, String uploadTime, String yanked) {
    private static final ObjectMapper JSON = new ObjectMapper();

    UploadFacts {
        fields = Map.copyOf(fields);
    }

    /** The {@code requires_python} field, or null when absent or blank. */
    String requiresPython() {
        List<String> values = fields.get("requires_python");
        return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0).strip();
    }

    UploadFacts yank(String reason) {
        return new UploadFacts(fields, uploadTime, reason);
    }

    byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("uploadTime", uploadTime);
        if (yanked != null) {
            root.put("yanked", yanked);
        }
        ObjectNode form = root.putObject("fields");
        fields.forEach((name, values) -> {
            ArrayNode list = form.putArray(name);
            values.forEach(list::add);
        });
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory", e);
        }
    }

    static UploadFacts fromJson(byte[] json) {
        try {
            JsonNode root = JSON.readTree(json);
            Map<String, List<String>> fields = new java.util.LinkedHashMap<>();
            root.path("fields").fields().forEachRemaining(field -> {
                List<String> values = new java.util.ArrayList<>();
                field.getValue().forEach(v -> values.add(v.asText()));
                fields.put(field.getKey(), values);
            });
            JsonNode yanked = root.get("yanked");
            return new UploadFacts(fields, root.path("uploadTime").asText(null), yanked == null ? null : yanked.asText());
        } catch (IOException e) {
            throw new UncheckedIOException("a stored upload's facts are not JSON", e);
        }
    }
}
