package dev.wharf.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * A parsed configuration tree and, for each key path the file wrote ({@code server.port},
 * {@code repositories[2]}), the line it is on.
 */
record SourceTree(ObjectNode tree, Map<String, Integer> lines) {
    SourceTree {
        lines = Map.copyOf(lines);
    }

    /** A tree that came from no file (the embedded default), so no key has a line. */
    static SourceTree withoutLines(ObjectNode tree) {
        return new SourceTree(tree, Map.of());
    }

    /**
     * The line of {@code keyPath}, or of the nearest enclosing key the file wrote (a missing required key is
     * reported on the line of its section); 0 when none is in the file.
     */
    int lineOf(String keyPath) {
        for (String path = keyPath; path != null; path = KeyPath.parent(path)) {
            Integer line = lines.get(path);
            if (line != null) {
                return line;
            }
        }
        return 0;
    }
}
