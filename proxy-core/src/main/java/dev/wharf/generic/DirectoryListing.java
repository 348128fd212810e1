package dev.wharf.generic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.storage.meta.CachedEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON listing of a directory of a generic repository: its immediate children, files (with size, digest,
 * type and when stored) and subdirectories, by name:
 * {@code {"repository": "files", "path": "a/", "children": [{"name": "b.txt", "type": "file", ...}, {"name": "c/", "type": "directory"}]}}.
 * When several members of a virtual repository have a name, the first one's wins.
 */
final class DirectoryListing {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DirectoryListing() {
    }

    /** @param prefix the directory's path with its trailing {@code /}, or "" for the root; entries all start with it */
    static byte[] render(String repository, String prefix, Collection<CachedEntry> entries) {
        Map<String, CachedEntry> files = new TreeMap<>();
        Map<String, Boolean> directories = new TreeMap<>();
        for (CachedEntry entry : entries) {
            String rest = entry.path().substring(prefix.length());
            if (rest.isEmpty() || !entry.variant().isEmpty()) {
                continue;
            }
            int slash = rest.indexOf('/');
            if (slash >= 0) {
                directories.putIfAbsent(rest.substring(0, slash + 1), true);
            } else {
                files.putIfAbsent(rest, entry);
            }
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("repository", repository);
        root.put("path", prefix);
        ArrayNode children = root.putArray("children");
        directories.keySet().forEach(name -> children.addObject().put("name", name).put("path", prefix + name)
                .put("type", "directory"));
        files.forEach((name, entry) -> children.addObject().put("name", name).put("path", entry.path()).put("type", "file")
                .put("size", entry.size()).put("digest", entry.digest().toString()).put("mediaType", entry.mediaType())
                .put("stored", entry.fetchedAt().toString()));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory", e);
        }
    }
}
