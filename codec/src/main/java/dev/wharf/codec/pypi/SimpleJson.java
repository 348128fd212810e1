package dev.wharf.codec.pypi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The PEP 691 JSON form of the simple API, with the PEP 700 fields ({@code versions}, {@code size},
 * {@code upload-time}) and PEP 714's {@code core-metadata} (also written as the older
 * {@code dist-info-metadata}). Written as API version 1.1 when every file's size is known, else 1.0.
 */
public final class SimpleJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SimpleJson() {
    }

    /** A project page; relative file URLs are resolved against {@code base} (none when null). */
    public static ProjectPage parsePage(String name, byte[] json, URI base) {
        JsonNode root = read(json);
        List<DistFile> files = new ArrayList<>();
        for (JsonNode file : root.path("files")) {
            String filename = file.path("filename").asText("");
            String url = file.path("url").asText("");
            if (filename.isEmpty() || url.isEmpty()) {
                continue;
            }
            String resolved = resolve(base, url);
            if (resolved == null) {
                continue;
            }
            JsonNode metadata = file.has("core-metadata") ? file.get("core-metadata") : file.get("dist-info-metadata");
            JsonNode size = file.get("size");
            files.add(new DistFile(filename, resolved, hashes(file.get("hashes")), text(file.get("requires-python")),
                    yanked(file.get("yanked")), metadata(metadata), size != null && size.canConvertToLong() && size.asLong() >= 0
                    ? size.asLong() : null, text(file.get("upload-time"))));
        }
        JsonNode versions = root.get("versions");
        if (versions == null || !versions.isArray()) {
            return ProjectPage.of(root.path("name").asText(name), files);
        }
        List<String> list = new ArrayList<>();
        versions.forEach(v -> {
            if (v.isTextual()) {
                list.add(v.asText());
            }
        });
        return new ProjectPage(root.path("name").asText(name), files, list);
    }

    /** The project names of a project list. */
    public static List<String> parseList(byte[] json) {
        List<String> names = new ArrayList<>();
        for (JsonNode project : read(json).path("projects")) {
            String name = project.path("name").asText("");
            if (ProjectName.isValid(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /** A project page as PEP 691 JSON. */
    public static byte[] renderPage(ProjectPage page) {
        ObjectNode root = JSON.createObjectNode();
        boolean sized = page.files().stream().allMatch(f -> f.size() != null);
        root.putObject("meta").put("api-version", sized ? "1.1" : "1.0");
        root.put("name", page.name());
        ArrayNode versions = root.putArray("versions");
        page.versions().forEach(versions::add);
        ArrayNode files = root.putArray("files");
        for (DistFile file : page.files()) {
            ObjectNode item = files.addObject();
            item.put("filename", file.filename());
            item.put("url", file.url());
            ObjectNode hashes = item.putObject("hashes");
            file.hashes().forEach(hashes::put);
            if (file.requiresPython() != null) {
                item.put("requires-python", file.requiresPython());
            }
            if (file.coreMetadata() != null) {
                ObjectNode metadata = JSON.createObjectNode();
                file.coreMetadata().forEach(metadata::put);
                item.set("core-metadata", file.coreMetadata().isEmpty() ? JSON.getNodeFactory().booleanNode(true) : metadata);
                item.set("dist-info-metadata", item.get("core-metadata").deepCopy());
            }
            if (file.yanked() == null) {
                item.put("yanked", false);
            } else if (file.yanked().isEmpty()) {
                item.put("yanked", true);
            } else {
                item.put("yanked", file.yanked());
            }
            if (file.size() != null) {
                item.put("size", file.size());
            }
            if (file.uploadTime() != null) {
                item.put("upload-time", file.uploadTime());
            }
        }
        return write(root);
    }

    /** The project list as PEP 691 JSON. */
    public static byte[] renderList(List<String> names) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("meta").put("api-version", "1.0");
        ArrayNode projects = root.putArray("projects");
        names.forEach(name -> projects.addObject().put("name", name));
        return write(root);
    }

    private static JsonNode read(byte[] json) {
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || !root.isObject()) {
                throw new SimpleIndexException("the simple API document is not a JSON object", null);
            }
            return root;
        } catch (IOException e) {
            throw new SimpleIndexException("the simple API document is not JSON: " + e.getMessage(), e);
        }
    }

    private static byte[] write(ObjectNode root) {
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to memory", e);
        }
    }

    private static Map<String, String> hashes(JsonNode node) {
        Map<String, String> hashes = new TreeMap<>();
        if (node != null && node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String value = field.getValue().asText("").toLowerCase(java.util.Locale.ROOT);
                if (value.matches("[0-9a-f]{16,256}")) {
                    hashes.put(field.getKey().toLowerCase(java.util.Locale.ROOT), value);
                }
            }
        }
        return hashes;
    }

    /** {@code true} or a dict of hashes to hashes; null for absent or {@code false}. */
    private static Map<String, String> metadata(JsonNode node) {
        if (node == null || node.isNull() || (node.isBoolean() && !node.asBoolean())) {
            return null;
        }
        return node.isObject() ? hashes(node) : Map.of();
    }

    private static String yanked(JsonNode node) {
        if (node == null || node.isNull() || (node.isBoolean() && !node.asBoolean())) {
            return null;
        }
        return node.isTextual() ? node.asText() : "";
    }

    private static String text(JsonNode node) {
        return node == null || !node.isTextual() || node.asText().isBlank() ? null : node.asText();
    }

    private static String resolve(URI base, String url) {
        try {
            URI uri = new URI(url);
            return base == null ? uri.toString() : base.resolve(uri).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
