package dev.wharf.config;

/**
 * A configuration that cannot be used, told in one line: {@code <source>: <key path>: <problem>}, e.g.
 * {@code wharf.yaml: server.port: 70000 is out of range (expected 0..65535)}.
 *
 * <p>Record constructors throw it with the key relative to themselves ({@code port: ...}); the loader
 * adds the enclosing key path and the source (the file, or the embedded default) on the way out.
 */
public final class ConfigException extends IllegalArgumentException {
    private final String source;
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
        this(null, key, problem);
    }

    private ConfigException(String source, String key, String problem) {
        super(render(source, key, problem));
        this.source = source;
        this.key = key;
        this.problem = problem;
    }

    /** The source the configuration came from (a file name, or the embedded default), or null if not known yet. */
    public String source() {
        return source;
    }

    /** The full key path, e.g. {@code repositories[2].metadataTtl}, or null when the problem is not about one key. */
    public String key() {
        return key;
    }

    /** What is wrong, without the source and key. */
    public String problem() {
        return problem;
    }

    /** The same problem, its key placed under {@code parent} ({@code server} or {@code [2]}). */
    ConfigException within(String parent) {
        String path = key == null ? parent : key.startsWith("[") ? parent + key : parent + "." + key;
        return keep(new ConfigException(source, path, problem));
    }

    /** The same problem, naming where the configuration came from. */
    ConfigException from(String source) {
        return keep(new ConfigException(source, key, problem));
    }

    /** The same problem, noting the environment variable that set the offending value. */
    ConfigException setBy(String variable) {
        return keep(new ConfigException(source, key, problem + " (set by " + variable + ")"));
    }

    private ConfigException keep(ConfigException replacement) {
        replacement.setStackTrace(getStackTrace());
        return replacement;
    }

    private static String render(String source, String key, String problem) {
        StringBuilder line = new StringBuilder();
        if (source != null) {
            line.append(source).append(": ");
        }
        if (key != null) {
            line.append(key).append(": ");
        }
        return line.append(problem).toString();
    }
}
