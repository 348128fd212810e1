package dev.wharf.codec.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The registry protocol's list of a provider's versions:
 * {@code {"versions": [{"version": "2.0.0", "protocols": ["5.0"], "platforms": [{"os": "linux", "arch": "amd64"}]}]}}.
 */
public record ProviderVersions(List<Version> versions) {
    public ProviderVersions {
        versions = List.copyOf(versions);
    }

    /** One version: the plugin protocols it speaks and the platforms it has packages for. */
    public record Version(String version, List<String> protocols, List<Platform> platforms) {
        public Version {
            ProviderNames.version(version);
            protocols = List.copyOf(protocols);
            platforms = List.copyOf(platforms);
        }
    }

    /** An {@code os}/{@code arch} pair. */
    public record Platform(String os, String arch) {
        public Platform {
            ProviderNames.platformPart(os, "os");
            ProviderNames.platformPart(arch, "arch");
        }
    }

    /** Parses an upstream document; a {@link TerraformNameException} says what is wrong. */
    public static ProviderVersions parse(byte[] json) {
        JsonNode root = Json.object(json, "the versions document");
        JsonNode list = root.get("versions");
        if (list == null || !list.isArray()) {
            throw new TerraformNameException("the versions document has no \"versions\" array");
        }
        List<Version> versions = new ArrayList<>();
        for (JsonNode item : list) {
            List<String> protocols = new ArrayList<>();
            JsonNode protos = item.get("protocols");
            if (protos != null && protos.isArray()) {
                protos.forEach(p -> protocols.add(p.asText()));
            }
            List<Platform> platforms = new ArrayList<>();
            JsonNode plats = item.get("platforms");
            if (plats != null && plats.isArray()) {
                for (JsonNode p : plats) {
                    platforms.add(new Platform(Json.text(p, "os", "a platform"), Json.text(p, "arch", "a platform")));
                }
            }
            versions.add(new Version(Json.text(item, "version", "a version entry"), protocols, platforms));
        }
        return new ProviderVersions(versions);
    }

    /** The version entry of {@code version}, if listed. */
    public Optional<Version> find(String version) {
        return versions.stream().filter(v -> v.version().equals(version)).findFirst();
    }

    /**
     * The versions of several repositories in one list: each version once, with the protocols of the first
     * that lists it and the platforms of all, in order of first appearance.
     */
    public static ProviderVersions merge(List<ProviderVersions> lists) {
        Map<String, List<String>> protocols = new LinkedHashMap<>();
        Map<String, Set<Platform>> platforms = new LinkedHashMap<>();
        for (ProviderVersions list : lists) {
            for (Version v : list.versions()) {
                protocols.putIfAbsent(v.version(), v.protocols());
                platforms.computeIfAbsent(v.version(), k -> new LinkedHashSet<>()).addAll(v.platforms());
            }
        }
        List<Version> merged = new ArrayList<>();
        protocols.forEach((version, protos) -> merged.add(new Version(version, protos, new ArrayList<>(platforms.get(version)))));
        return new ProviderVersions(merged);
    }

    /** The document. */
    public byte[] render() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode list = root.putArray("versions");
        for (Version v : versions) {
            ObjectNode item = list.addObject();
            item.put("version", v.version());
            ArrayNode protos = item.putArray("protocols");
            v.protocols().forEach(protos::add);
            ArrayNode plats = item.putArray("platforms");
            v.platforms().forEach(p -> plats.addObject().put("os", p.os()).put("arch", p.arch()));
        }
        return Json.write(root);
    }
}
