package dev.wharf.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reads what clients print as JSON (docker/podman inspect): arrays of strings. */
public final class JsonArrays {
    private JsonArrays() {
    }

    /** The strings of a JSON array; empty for a missing node or {@code null}, a failure for anything else. */
    public static List<String> texts(JsonNode array) {
        if (array.isMissingNode() || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new AssertionError("expected a JSON array, got " + array);
        }
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }
}
