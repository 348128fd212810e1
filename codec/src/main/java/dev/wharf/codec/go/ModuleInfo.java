package dev.wharf.codec.go;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.codec.JsonStrings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The {@code .info} document of a module version: {@code {"Version": ..., "Time": ...}}. */
public record ModuleInfo(SemVer version, Instant time) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The largest info document read. */
    public static final int MAX_BYTES = 64 << 10;

    /**
     * Parses an info document.
     *
     * @throws IllegalArgumentException when it is not JSON with a canonical {@code Version} (and an RFC 3339 {@code Time}, if any)
     */
    public static ModuleInfo parse(byte[] body) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the info document is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (node == null || !node.isObject() || !node.path("Version").isTextual()) {
            throw new IllegalArgumentException("the info document has no \"Version\" string");
        }
        SemVer version = SemVer.parse(node.get("Version").asText());
        Instant time = null;
        if (node.path("Time").isTextual()) {
            try {
                time = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(node.get("Time").asText(), Instant::from);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("the info document's \"Time\" is not an RFC 3339 time: " + node.get("Time").asText());
            }
        }
        return new ModuleInfo(version, time);
    }

    /** The document's bytes. */
    public byte[] render() {
        return ("{\"Version\":" + JsonStrings.quote(version.toString())
                + (time == null ? "" : ",\"Time\":" + JsonStrings.quote(DateTimeFormatter.ISO_INSTANT.format(time))) + "}\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}
