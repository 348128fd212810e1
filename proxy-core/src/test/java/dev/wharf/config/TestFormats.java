package dev.wharf.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The formats the configuration tests bind with, standing in for a build's: {@code docker} (no options; a
 * {@code docker} section whose {@code defaultRepository} must name a docker repository), {@code pypi} (remotes take
 * {@code yankedTtl}) and {@code generic} (remotes take {@code mutable}, locals {@code allowOverwrite}).
 */
final class TestFormats implements FormatCatalog {
    static final TestFormats INSTANCE = new TestFormats();

    /** The options of a format that has none. */
    record NoOptions() {
    }

    /** The {@code docker} section. */
    record Mirror(String defaultRepository) {
    }

    /** A pypi remote's options. */
    record PypiRemote(@Default("30d") Duration yankedTtl) {
        PypiRemote {
            Check.positive(yankedTtl, "yankedTtl");
        }
    }

    /** A generic remote's options. */
    record FilesRemote(List<String> mutable) {
        FilesRemote {
            mutable = Check.texts(mutable, "mutable");
        }
    }

    /** A generic local's options. */
    record FilesLocal(@Default("false") boolean allowOverwrite) {
    }

    private TestFormats() {
    }

    @Override
    public Set<String> ids() {
        return Set.of("docker", "pypi", "generic");
    }

    @Override
    public Class<? extends Record> repositoryOptions(String format, RepositoryType type) {
        if (format.equals("pypi") && type == RepositoryType.REMOTE) {
            return PypiRemote.class;
        }
        if (format.equals("generic") && type != RepositoryType.VIRTUAL) {
            return type == RepositoryType.REMOTE ? FilesRemote.class : FilesLocal.class;
        }
        return NoOptions.class;
    }

    @Override
    public Map<String, Class<? extends Record>> sections() {
        return Map.of("docker", Mirror.class);
    }

    @Override
    public List<ObjectNode> embeddedDefaults() {
        return List.of(
                YamlFile.parse("""
                        docker: { defaultRepository: dockerhub }
                        repositories:
                          - { key: dockerhub, format: docker, type: remote, url: "https://registry-1.docker.io" }
                        """, "docker defaults").tree(),
                YamlFile.parse("""
                        repositories:
                          - { key: pypi, format: pypi, type: remote, url: "https://pypi.example.com" }
                        """, "pypi defaults").tree());
    }

    @Override
    public void validate(WharfConfig config) {
        String key = config.section("docker", Mirror.class).defaultRepository();
        if (key == null) {
            return;
        }
        RepositoryConfig repository = config.repository(key).orElseThrow(() -> new ConfigException(
                "docker.defaultRepository", Check.quote(key) + " is not a configured repository"));
        if (!repository.format().equals("docker")) {
            throw new ConfigException("docker.defaultRepository", Check.quote(key) + " is a " + repository.format()
                    + " repository (expected a docker repository)");
        }
    }
}
