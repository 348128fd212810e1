package dev.wharf.codec.terraform;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The provider network mirror protocol's documents: {@code index.json}, {@code {"versions": {"2.0.0": {}}}},
 * and {@code <version>.json}, {@code {"archives": {"linux_amd64": {"url": "...", "hashes": ["h1:...", "zh:..."]}}}}.
 */
public final class MirrorDocuments {
    private MirrorDocuments() {
    }

    /** One package of a version: its URL (relative to the {@code <version>.json}) and its hashes. */
    public record Archive(String url, List<String> hashes) {
        public Archive {
            hashes = List.copyOf(hashes);
        }
    }

    /** {@code index.json} of the versions, in the given order. */
    public static byte[] index(Collection<String> versions) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode list = root.putObject("versions");
        versions.forEach(v -> list.putObject(v));
        return Json.write(root);
    }

    /** {@code <version>.json} of the packages by {@code <os>_<arch>}, in the given order. */
    public static byte[] version(Map<String, Archive> archives) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode list = root.putObject("archives");
        archives.forEach((platform, archive) -> {
            ObjectNode item = list.putObject(platform);
            item.put("url", archive.url());
            ArrayNode hashes = item.putArray("hashes");
            archive.hashes().forEach(hashes::add);
        });
        return Json.write(root);
    }
}
