package dev.wharf.codec.cargo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.codec.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of a sparse index file: a published version of a crate, as a JSON object kept whole (its
 * dependencies, features and whatever fields a newer Cargo adds pass through untouched).
 */
public record IndexEntry(String name, String version, Digest cksum, boolean yanked, ObjectNode json) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads one index line.
     *
     * @throws IllegalArgumentException when it is not a JSON object with {@code name}, {@code vers} and a sha256 {@code cksum}
     */
    public static IndexEntry parse(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException("an index line is not JSON");
        }
        if (node == null || !node.isObject() || !node.path("name").isTextual() || !node.path("vers").isTextual()
                || !node.path("cksum").isTextual()) {
            throw new IllegalArgumentException("an index line lacks name, vers or cksum");
        }
        return new IndexEntry(node.get("name").asText(), node.get("vers").asText(),
                new Digest(node.get("cksum").asText()), node.path("yanked").asBoolean(false), (ObjectNode) node);
    }

    /** The lines of an index file; blank lines skipped, a bad line is an error. */
    public static List<IndexEntry> parseFile(byte[] body) {
        List<IndexEntry> entries = new ArrayList<>();
        for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                entries.add(parse(line));
            }
        }
        return entries;
    }

    /** An index file of {@code entries}, one per line, ordered by version. */
    public static byte[] render(Collection<IndexEntry> entries) {
        StringBuilder out = new StringBuilder();
        entries.stream().sorted((a, b) -> CrateVersion.ORDER.compare(a.version(), b.version()))
                .forEach(e -> out.append(e.line()).append('\n'));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The merged lines of several index files: every version, the first file that has a version winning it. */
    public static List<IndexEntry> merge(List<List<IndexEntry>> files) {
        Map<String, IndexEntry> merged = new LinkedHashMap<>();
        files.forEach(file -> file.forEach(entry -> merged.putIfAbsent(entry.version(), entry)));
        return new ArrayList<>(merged.values());
    }

    /** The same version, yanked or not. */
    public IndexEntry withYanked(boolean yank) {
        ObjectNode copy = json.deepCopy();
        copy.put("yanked", yank);
        return new IndexEntry(name, version, cksum, yank, copy);
    }

    /** The line's text (compact JSON, no newline). */
    public String line() {
        return json.toString();
    }
}
