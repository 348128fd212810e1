package dev.wharf.codec.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The packument of a local repository's package, computed from its stored versions and dist-tags: versions in
 * publish order, {@code time} from their publish instants, the description and readme of the {@code latest}
 * version (else the last published), and a {@code _rev} that changes whenever what is stored changes.
 */
public final class PackumentAssembly {
    private static final List<String> FROM_LATEST = List.of("description", "readme", "homepage", "repository",
            "bugs", "license", "keywords", "author", "maintainers");

    private PackumentAssembly() {
    }

    /** The packument of {@code name}; {@code tags} naming versions not stored are left out. */
    public static ObjectNode assemble(PackageName name, List<StoredVersion> versions, Map<String, String> tags) {
        List<StoredVersion> ordered = versions.stream()
                .sorted(Comparator.comparing(StoredVersion::published).thenComparing(StoredVersion::version)).toList();
        ObjectNode out = Packuments.JSON.createObjectNode();
        out.put("_id", name.toString());
        out.put("name", name.toString());
        ObjectNode distTags = out.putObject("dist-tags");
        new TreeMap<>(tags).forEach((tag, version) -> {
            if (ordered.stream().anyMatch(v -> v.version().equals(version))) {
                distTags.put(tag, version);
            }
        });
        ObjectNode all = out.putObject("versions");
        ObjectNode time = Packuments.JSON.createObjectNode();
        for (StoredVersion version : ordered) {
            all.set(version.version(), version.manifest().deepCopy());
            time.put(version.version(), version.published().toString());
        }
        if (!ordered.isEmpty()) {
            Instant created = ordered.get(0).published();
            Instant modified = ordered.stream().map(StoredVersion::published).max(Comparator.naturalOrder()).orElse(created);
            time.put("created", created.toString());
            time.put("modified", modified.toString());
            String latest = distTags.path("latest").asText(ordered.get(ordered.size() - 1).version());
            JsonNode head = all.path(latest);
            for (String field : FROM_LATEST) {
                if (head.has(field)) {
                    out.set(field, head.get(field).deepCopy());
                }
            }
        }
        out.set("time", time);
        out.put("_rev", revision(out));
        return out;
    }

    /** {@code <versions>-<hash of the document>}: what npm sends back in {@code /-rev/<rev>} URLs. */
    private static String revision(ObjectNode packument) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(Packuments.render(packument));
            return Packuments.versions(packument).size() + "-" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
