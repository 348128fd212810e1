package dev.wharf.config;

/** Key paths as messages write them: {@code server.port}, {@code repositories[2].url}; the top is the empty path. */
final class KeyPath {
    private KeyPath() {
    }

    /** The key {@code name} inside {@code parent}. */
    static String child(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    /** Item {@code index} of the list at {@code list}. */
    static String item(String list, int index) {
        return list + "[" + index + "]";
    }

    /** The path one step up ({@code repositories[2]} for {@code repositories[2].url}), or null above the top level. */
    static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut <= 0 ? null : path.substring(0, cut);
    }
}
