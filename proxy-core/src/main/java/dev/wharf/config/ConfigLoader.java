package dev.wharf.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Loads the configuration that {@code serve --config FILE} runs with, or, without a file, the embedded default.
 *
 * <p>Steps, in order: parse the YAML, keeping scalars as written ({@link YamlFile}); replace {@code ${NAME}} in the
 * file's strings from the environment ({@link EnvSubstitution}); apply the {@code WHARF_...} environment overrides
 * ({@link EnvOverrides}); check the keys and fill in defaults ({@link TreeShaper}); bind and validate with Jackson
 * ({@link RecordBinder}); let the formats cross-check it ({@link FormatCatalog#validate}). Any problem is one {@link ConfigException} line naming the source, the line of the key in
 * the file (or the variable that set it) and the key path.
 */
public final class ConfigLoader {
    /** How errors in the embedded default (only reachable through environment overrides) name their source. */
    static final String EMBEDDED_SOURCE = "embedded default config";

    private ConfigLoader() {
    }

    /**
     * The configuration in {@code file}, with {@code env} (normally {@link System#getenv()}) substituted and applied.
     * Relative paths in the file resolve against the working directory; {@code formats} are the formats of the build.
     */
    public static WharfConfig load(Path file, Map<String, String> env, FormatCatalog formats) {
        SourceTree parsed = YamlFile.read(file);
        return bind(parsed, env, formats, file.toString(), true);
    }

    /**
     * The configuration Wharf runs with when no file is given: port 8080, filesystem blobs in {@code <dataDir>/blobs},
     * the embedded database in {@code <dataDir>/meta}, the fill spool in {@code <dataDir>/spool}, in-process
     * coordination, anonymous reads, and what the
     * formats add ({@link FormatCatalog#embeddedDefaults()}: built-in remotes, the Docker mirror default). The
     * {@code WHARF_...} environment overrides apply to it as to a file.
     */
    public static WharfConfig embeddedDefault(Path dataDir, Map<String, String> env, FormatCatalog formats) {
        SourceTree tree = SourceTree.withoutLines(EmbeddedDefault.tree(dataDir, formats.embeddedDefaults()));
        return bind(tree, env, formats, EMBEDDED_SOURCE, false);
    }

    private static WharfConfig bind(SourceTree source, Map<String, String> env, FormatCatalog formats, String name,
                                    boolean substitute) {
        FormatKeys keys = new FormatKeys(formats);
        Map<String, String> origins = Map.of();
        try {
            if (substitute) {
                EnvSubstitution.apply(source.tree(), env);
            }
            origins = EnvOverrides.apply(source.tree(), env, keys);
            new TreeShaper(keys).shape(source.tree());
            WharfConfig config = RecordBinder.bind(source.tree(), WharfConfig.class);
            formats.validate(config);
            return config;
        } catch (ConfigException e) {
            throw located(e, source, origins).from(name);
        }
    }

    /** {@code e} naming the variable that set its value, or else the line of its key in the file. */
    private static ConfigException located(ConfigException e, SourceTree source, Map<String, String> origins) {
        if (e.key() == null) {
            return e;
        }
        // A list set by one variable answers for its items too (members[1] of WHARF_..._MEMBERS=a,b).
        String variable = origins.getOrDefault(e.key(), origins.get(e.key().replaceFirst("\\[[0-9]+]$", "")));
        if (variable != null) {
            return e.setBy(variable);
        }
        return e.at(source.lineOf(e.key()), 0);
    }
}
