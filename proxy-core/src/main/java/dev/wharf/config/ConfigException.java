package dev.wharf.config;

/**
 * A configuration that cannot be used, told in one line: {@code <source>[:<line>]: <key path>: <problem>}, e.g.
 * {@code wharf.yaml:14: server.port: 70000 is out of range (expected 0..65535)}. The line is that of the key in the
 * file; a value set by an environment variable names the variable instead ({@code ... (set by WHARF_SERVER_PORT)}).
 *
 * <p>Record constructors throw it with the key relative to themselves ({@code port: ...}); the loader
 * adds the enclosing key path, the source (the file, or the embedded default) and the line on the way out.
 */
public final class ConfigException extends IllegalArgumentException {
    private final String source;
    private final int line;
    private final int column;
    private final String key;
    private final String problem;

    /**
     * A problem with one key.
     *
     * @param key     the key path, relative to the value being built ({@code port}, {@code members[1]}),
     *                or null when the problem is not about one key
     * @param problem what is wrong and what was expected
     */
    public ConfigException(String key, String problem) {
        this(null, 0, 0, key, problem);
    }

    private ConfigException(String source, int line, int column, String key, String problem) {
        super(render(source, line, column, key, problem));
        this.source = source;
        this.line = line;
        this.column = column;
        this.key = key;
        this.problem = problem;
    }

    /** {@code text} in double quotes, escaped and shortened so that a message about it stays on one short line. */
    public static String quote(String text) {
        return Check.quote(text);
    }

    /** The source the configuration came from (a file name, or the embedded default), or null if not known yet. */
    public String source() {
        return source;
    }

    /** The line of the file the problem is on, counting from 1, or 0 when not known or not in the file. */
    public int line() {
        return line;
    }

    /** The full key path, e.g. {@code repositories[2].metadataTtl}, or null when the problem is not about one key. */
    public String key() {
        return key;
    }

    /** What is wrong, without the source and key. */
    public String problem() {
        return problem;
    }

    /** The same problem, its key placed under {@code parent} ({@code server} or {@code [2]}; empty for the top). */
    ConfigException within(String parent) {
        if (parent.isEmpty()) {
            return this;
        }
        String path = key == null ? parent : key.startsWith("[") ? parent + key : parent + "." + key;
        return keep(new ConfigException(source, line, column, path, problem));
    }

    /** The same problem, naming where the configuration came from. */
    ConfigException from(String source) {
        return keep(new ConfigException(source, line, column, key, problem));
    }

    /** The same problem, placed on a line (and, for a syntax error, a column; 0 for none) of the source. */
    ConfigException at(int line, int column) {
        return keep(new ConfigException(source, line, column, key, problem));
    }

    /** The same problem, noting the environment variable that set the offending value. */
    ConfigException setBy(String variable) {
        return keep(new ConfigException(source, line, column, key, problem + " (set by " + variable + ")"));
    }

    private ConfigException keep(ConfigException replacement) {
        replacement.setStackTrace(getStackTrace());
        return replacement;
    }

    private static String render(String source, int line, int column, String key, String problem) {
        StringBuilder text = new StringBuilder();
        if (source != null) {
            text.append(source);
            if (line > 0) {
                text.append(':').append(line);
            }
            if (column > 0) {
                text.append(':').append(column);
            }
            text.append(": ");
        }
        if (key != null) {
            text.append(key).append(": ");
        }
        return text.append(problem).toString();
    }
}
