package dev.wharf.codec.npm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Packuments (an npm package's document: {@code name}, {@code dist-tags}, {@code versions}, {@code time}, ...) as
 * JSON trees: parsed, abbreviated to the {@code application/vnd.npm.install-v1+json} form, their tarball URLs
 * rewritten, merged. Every function returns a new tree and leaves its arguments as they were.
 */
public final class Packuments {
    /** The media type of a full packument. */
    public static final String FULL = "application/json";
    /** The media type of the abbreviated packument that installers ask for. */
    public static final String ABBREVIATED = "application/vnd.npm.install-v1+json";

    /** The fields of a version an installer needs: what the abbreviated form keeps. */
    private static final Set<String> INSTALL_FIELDS = Set.of("name", "version", "deprecated", "dependencies",
            "optionalDependencies", "devDependencies", "bundleDependencies", "bundledDependencies", "peerDependencies",
            "peerDependenciesMeta", "acceptDependencies", "bin", "directories", "dist", "engines", "_hasShrinkwrap",
            "hasInstallScript", "os", "cpu", "libc", "funding", "license");

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        // Documents are bounded by a configured size before they get here: strings (a readme, a base64
        // tarball) may be as long as that, nesting may not be deep.
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64).maxStringLength(Integer.MAX_VALUE).build());
    }

    private Packuments() {
    }

    /** Parses a packument; {@code what} names it in the message of a {@link NpmPathException}. */
    public static ObjectNode parse(byte[] json, String what) {
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new NpmPathException(what + " is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("reading bytes in memory", e);
        }
        if (tree == null || !tree.isObject()) {
            throw new NpmPathException(what + " is not a JSON object");
        }
        JsonNode versions = tree.get("versions");
        if (versions != null && !versions.isObject()) {
            throw new NpmPathException(what + ": \"versions\" is not an object");
        }
        JsonNode tags = tree.get("dist-tags");
        if (tags != null && !tags.isObject()) {
            throw new NpmPathException(what + ": \"dist-tags\" is not an object");
        }
        return (ObjectNode) tree;
    }

    /** The version a dist-tag is set to: the body of {@code npm dist-tag add}, a JSON string. */
    public static String versionString(byte[] body) {
        JsonNode value;
        try {
            value = JSON.readTree(body);
        } catch (IOException e) {
            value = null;
        }
        if (value == null || !value.isTextual()) {
            throw new NpmPathException("the body is not a JSON string (expected \"<version>\")");
        }
        return Versions.check(value.asText());
    }

    /** The JSON text of a tree. */
    public static byte[] render(JsonNode tree) {
        try {
            return JSON.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException("a JSON tree always renders", e);
        }
    }

    /** The versions object of a packument (empty when it has none). */
    public static ObjectNode versions(ObjectNode packument) {
        JsonNode versions = packument.get("versions");
        return versions instanceof ObjectNode o ? o : JSON.createObjectNode();
    }

    /** The dist-tags object of a packument (empty when it has none). */
    public static ObjectNode distTags(ObjectNode packument) {
        JsonNode tags = packument.get("dist-tags");
        return tags instanceof ObjectNode o ? o : JSON.createObjectNode();
    }

    /**
     * The abbreviated form: {@code name}, {@code modified}, {@code dist-tags} and of each version only what an
     * installer needs.
     */
    public static ObjectNode abbreviate(ObjectNode packument) {
        ObjectNode out = JSON.createObjectNode();
        copy(packument, out, "name");
        JsonNode time = packument.get("time");
        if (time != null && time.hasNonNull("modified")) {
            out.set("modified", time.get("modified"));
        } else {
            copy(packument, out, "modified");
        }
        out.set("dist-tags", distTags(packument).deepCopy());
        ObjectNode versions = out.putObject("versions");
        for (Iterator<Map.Entry<String, JsonNode>> it = versions(packument).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> version = it.next();
            ObjectNode kept = versions.putObject(version.getKey());
            if (version.getValue().isObject()) {
                version.getValue().fields().forEachRemaining(field -> {
                    if (INSTALL_FIELDS.contains(field.getKey())) {
                        kept.set(field.getKey(), field.getValue().deepCopy());
                    }
                });
                if (version.getValue().path("scripts").has("install") || version.getValue().path("scripts").has("preinstall")
                        || version.getValue().path("scripts").has("postinstall")) {
                    kept.put("hasInstallScript", true);
                }
            }
        }
        return out;
    }

    /** The file name of a version's tarball: the last segment of its {@code dist.tarball}, if it has one. */
    public static Optional<String> tarballFile(JsonNode version) {
        String tarball = version.path("dist").path("tarball").asText("");
        if (tarball.isEmpty()) {
            return Optional.empty();
        }
        String path = tarball;
        try {
            String p = URI.create(tarball).getRawPath();
            if (p != null) {
                path = p;
            }
        } catch (IllegalArgumentException e) {
            // Not a URL: a bare file name, as local repositories store it.
        }
        String file = path.substring(path.lastIndexOf('/') + 1);
        return file.isEmpty() ? Optional.empty() : Optional.of(file);
    }

    /** The version whose tarball has the file name {@code file}, with its version string. */
    public static Optional<Map.Entry<String, JsonNode>> versionOfTarball(ObjectNode packument, String file) {
        for (Iterator<Map.Entry<String, JsonNode>> it = versions(packument).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> version = it.next();
            if (tarballFile(version.getValue()).filter(file::equals).isPresent()) {
                return Optional.of(version);
            }
        }
        return Optional.empty();
    }

    /**
     * A copy whose every {@code dist.tarball} is {@code url.apply(file)}, {@code file} the tarball's file name
     * ({@link #tarballFile}); versions without a tarball are left as they are.
     */
    public static ObjectNode rewriteTarballs(ObjectNode packument, Function<String, String> url) {
        ObjectNode copy = packument.deepCopy();
        versions(copy).fields().forEachRemaining(version -> {
            Optional<String> file = tarballFile(version.getValue());
            if (file.isPresent() && version.getValue().get("dist") instanceof ObjectNode dist) {
                dist.put("tarball", url.apply(file.get()));
            }
        });
        return copy;
    }

    /**
     * Merges packuments of one package, in precedence order: versions from every one, the first that has a version
     * winning it (and its {@code time} entry); {@code dist-tags} and the other top-level fields from the first
     * that has them.
     */
    public static ObjectNode merge(List<ObjectNode> packuments) {
        ObjectNode out = JSON.createObjectNode();
        ObjectNode versions = JSON.createObjectNode();
        ObjectNode time = JSON.createObjectNode();
        for (ObjectNode packument : packuments) {
            packument.fields().forEachRemaining(field -> {
                String key = field.getKey();
                if (key.equals("dist-tags")) {
                    if (!out.has(key) && field.getValue().isObject() && field.getValue().size() > 0) {
                        out.set(key, field.getValue().deepCopy());
                    }
                } else if (!key.equals("versions") && !key.equals("time") && !key.startsWith("_") && !out.has(key)) {
                    out.set(key, field.getValue().deepCopy());
                }
            });
            JsonNode times = packument.path("time");
            versions(packument).fields().forEachRemaining(version -> {
                if (!versions.has(version.getKey())) {
                    versions.set(version.getKey(), version.getValue().deepCopy());
                    if (times.has(version.getKey())) {
                        time.set(version.getKey(), times.get(version.getKey()));
                    }
                }
            });
            for (String stamp : List.of("created", "modified")) {
                JsonNode value = times.get(stamp);
                if (value != null && value.isTextual() && (!time.has(stamp) || later(stamp, value, time.get(stamp)))) {
                    time.set(stamp, value);
                }
            }
        }
        if (!out.has("dist-tags")) {
            out.putObject("dist-tags");
        }
        out.set("versions", versions);
        out.set("time", time);
        return out;
    }

    /** The earliest {@code created} and the latest {@code modified} win (ISO-8601 instants compare as text). */
    private static boolean later(String stamp, JsonNode candidate, JsonNode current) {
        int order = candidate.asText().compareTo(current.asText());
        return stamp.equals("created") ? order < 0 : order > 0;
    }

    private static void copy(ObjectNode from, ObjectNode to, String field) {
        if (from.has(field)) {
            to.set(field, from.get(field).deepCopy());
        }
    }
}
