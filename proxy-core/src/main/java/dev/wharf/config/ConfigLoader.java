package dev.wharf.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;

/**
 * Loads the configuration that {@code serve --config FILE} runs with, or, without a file, the embedded default.
 *
 * <p>Steps, in order: parse the YAML; replace {@code ${NAME}} in the file's strings from the environment; apply the
 * {@code WHARF_...} environment overrides ({@link EnvOverrides}); bind and validate. Any problem is one
 * {@link ConfigException} line naming the source and the key path.
 */
public final class ConfigLoader {
    /** How errors in the embedded default (only reachable through environment overrides) name their source. */
    static final String EMBEDDED_SOURCE = "embedded default config";

    private ConfigLoader() {
    }

    /**
     * The configuration in {@code file}, with {@code env} (normally {@link System#getenv()}) substituted and applied.
     * Relative paths in the file resolve against the working directory.
     */
    public static WharfConfig load(Path file, Map<String, String> env) {
        String source = file.toString();
        ObjectNode tree = YamlFile.read(file);
        try {
            EnvSubstitution.apply(tree, env);
        } catch (ConfigException e) {
            throw e.from(source);
        }
        return overrideAndBind(tree, env, source);
    }

    /**
     * The configuration Wharf runs with when no file is given: port 8080, filesystem blobs in {@code <dataDir>/blobs},
     * the embedded database in {@code <dataDir>/meta}, in-process coordination, anonymous reads, and the remotes
     * {@code dockerhub} (the Docker mirror default), {@code ghcr}, {@code quay}, {@code pypi} and {@code terraform}.
     * The {@code WHARF_...} environment overrides apply to it as to a file.
     */
    public static WharfConfig embeddedDefault(Path dataDir, Map<String, String> env) {
        return overrideAndBind(EmbeddedDefault.tree(dataDir), env, EMBEDDED_SOURCE);
    }

    private static WharfConfig overrideAndBind(ObjectNode tree, Map<String, String> env, String source) {
        try {
            Map<String, String> origins = EnvOverrides.apply(tree, env);
            try {
                return ConfigBinder.bind(tree);
            } catch (ConfigException e) {
                String variable = e.key() == null ? null : origins.get(e.key().replaceFirst("\\[[0-9]+]$", ""));
                throw variable == null ? e : e.setBy(variable);
            }
        } catch (ConfigException e) {
            throw e.from(source);
        }
    }
}
