package dev.wharf.codec.go;

import java.util.Optional;

/** What a proxy needs of a {@code go.mod} file: the path its {@code module} directive declares. */
public final class GoModFile {
    /** The largest go.mod the go command accepts. */
    public static final int MAX_BYTES = 16 << 20;

    private GoModFile() {
    }

    /** The declared module path, or empty when the file has no {@code module} directive. */
    public static Optional<String> modulePath(String text) {
        for (String line : text.split("\n")) {
            String code = stripComment(line).strip();
            if (!code.startsWith("module") || code.length() == "module".length()
                    || !Character.isWhitespace(code.charAt("module".length())) && code.charAt("module".length()) != '"') {
                continue;
            }
            String path = code.substring("module".length()).strip();
            if (path.length() >= 2 && (path.startsWith("\"") && path.endsWith("\"") || path.startsWith("`") && path.endsWith("`"))) {
                path = path.substring(1, path.length() - 1);
            }
            return path.isEmpty() ? Optional.empty() : Optional.of(path);
        }
        return Optional.empty();
    }

    /** The go.mod the go command assumes for a module version without one. */
    public static String synthesized(String module) {
        return "module " + module + "\n";
    }

    private static String stripComment(String line) {
        int comment = line.indexOf("//");
        return comment < 0 ? line : line.substring(0, comment);
    }
}
