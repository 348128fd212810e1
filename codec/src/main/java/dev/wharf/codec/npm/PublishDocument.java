package dev.wharf.codec.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.codec.Printable;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The document {@code npm publish} sends ({@code PUT /<name>}): the new versions, the dist-tags to set, and the
 * tarballs as base64 {@code _attachments}. Also what {@code npm deprecate} and {@code npm unpublish} send (the
 * packument they read, changed, without attachments). {@link #parse} checks the structure and that the name is
 * the one of the path, and decodes the attachments.
 *
 * @param versions    by version string, each the version's manifest as sent
 * @param distTags    tag to version
 * @param attachments tarball file name (its last path segment) to its bytes
 */
public record PublishDocument(PackageName name, Map<String, ObjectNode> versions, Map<String, String> distTags,
                              Map<String, byte[]> attachments) {
    private static final Pattern TARBALL = Pattern.compile("[A-Za-z0-9~-][A-Za-z0-9._~+-]*\\.tgz");

    public PublishDocument {
        Objects.requireNonNull(name, "name");
        versions = Map.copyOf(versions);
        distTags = Map.copyOf(distTags);
        attachments = Map.copyOf(attachments);
    }

    /** True when it carries tarballs: a publish, not an update of the versions stored. */
    public boolean isPublish() {
        return !attachments.isEmpty();
    }

    /** Parses and checks the document sent for package {@code expected}. */
    public static PublishDocument parse(byte[] json, PackageName expected) {
        ObjectNode tree = Packuments.parse(json, "the document");
        String name = tree.path("name").asText(tree.path("_id").asText(""));
        if (!name.equals(expected.toString())) {
            throw new NpmPathException("the document names package " + Printable.of(name) + ", not "
                    + expected + " of the path");
        }
        Map<String, ObjectNode> versions = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = Packuments.versions(tree).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> version = it.next();
            if (!(version.getValue() instanceof ObjectNode manifest)) {
                throw new NpmPathException("version " + Printable.of(version.getKey()) + " is not an object");
            }
            Versions.check(version.getKey());
            if (!manifest.path("version").asText(version.getKey()).equals(version.getKey())) {
                throw new NpmPathException("version " + Printable.of(version.getKey()) + " says it is version "
                        + Printable.of(manifest.path("version").asText()));
            }
            versions.put(version.getKey(), manifest);
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = Packuments.distTags(tree).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> tag = it.next();
            if (!tag.getValue().isTextual()) {
                throw new NpmPathException("dist-tag " + Printable.of(tag.getKey()) + " is not a version string");
            }
            tags.put(tag.getKey(), tag.getValue().asText());
        }
        Map<String, byte[]> attachments = new LinkedHashMap<>();
        JsonNode sent = tree.path("_attachments");
        for (Iterator<Map.Entry<String, JsonNode>> it = sent.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> attachment = it.next();
            // npm names a scoped package's attachment @scope/name-1.0.0.tgz: the file is its last segment.
            String file = attachment.getKey().substring(attachment.getKey().lastIndexOf('/') + 1);
            if (!TARBALL.matcher(file).matches()) {
                throw new NpmPathException("attachment " + Printable.of(file) + " is not a tarball name (expected <name>-<version>.tgz)");
            }
            JsonNode data = attachment.getValue().path("data");
            if (!data.isTextual()) {
                throw new NpmPathException("attachment " + Printable.of(file) + " has no base64 data");
            }
            byte[] bytes;
            try {
                bytes = Base64.getMimeDecoder().decode(data.asText());
            } catch (IllegalArgumentException e) {
                throw new NpmPathException("attachment " + Printable.of(file) + " is not base64: " + e.getMessage());
            }
            JsonNode length = attachment.getValue().get("length");
            if (length != null && length.canConvertToLong() && length.asLong() != bytes.length) {
                throw new NpmPathException("attachment " + Printable.of(file) + " is " + bytes.length
                        + " bytes, but its length says " + length.asLong());
            }
            attachments.put(file, bytes);
        }
        return new PublishDocument(expected, versions, tags, attachments);
    }
}
