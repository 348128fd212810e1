package dev.wharf.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.wharf.config.FormatCatalog;
import dev.wharf.config.RepositoryType;
import dev.wharf.config.WharfConfig;
import dev.wharf.docker.DockerOptions;
import dev.wharf.docker.DockerSettings;
import dev.wharf.generic.GenericLocalOptions;
import dev.wharf.generic.GenericRemoteOptions;
import dev.wharf.generic.GenericVirtualOptions;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The formats of this build, as the configuration sees them: {@code docker} and {@code generic}. A plain list until
 * the format SPI takes its place.
 */
public final class BuiltInFormats implements FormatCatalog {
    private static final String GENERIC = "generic";
    /**
     * Docker's part of the embedded default: the built-in remotes and the mirror default. Docker Hub hands out its
     * tokens from another host, which may see the remote's credentials. The PyPI and Terraform remotes of the
     * product's embedded default join when those formats are in the build.
     */
    private static final String DOCKER_DEFAULTS = """
            docker:
              defaultRepository: dockerhub
            repositories:
              - { key: dockerhub, format: docker, type: remote, url: "https://registry-1.docker.io",
                  tokenRealms: [auth.docker.io] }
              - { key: ghcr, format: docker, type: remote, url: "https://ghcr.io" }
              - { key: quay, format: docker, type: remote, url: "https://quay.io" }
            """;

    @Override
    public Set<String> ids() {
        return Set.of(DockerSettings.FORMAT, GENERIC);
    }

    @Override
    public Class<? extends Record> repositoryOptions(String format, RepositoryType type) {
        return switch (format) {
            case DockerSettings.FORMAT -> DockerOptions.class;
            case GENERIC -> switch (type) {
                case REMOTE -> GenericRemoteOptions.class;
                case LOCAL -> GenericLocalOptions.class;
                case VIRTUAL -> GenericVirtualOptions.class;
            };
            default -> throw new IllegalArgumentException("format: " + format + " (expected one of " + ids() + ")");
        };
    }

    @Override
    public Map<String, Class<? extends Record>> sections() {
        return Map.of(DockerSettings.SECTION, DockerSettings.class);
    }

    @Override
    public List<ObjectNode> embeddedDefaults() {
        return List.of(yaml(DOCKER_DEFAULTS));
    }

    @Override
    public void validate(WharfConfig config) {
        config.section(DockerSettings.SECTION, DockerSettings.class).check(config);
    }

    private static ObjectNode yaml(String text) {
        try {
            return (ObjectNode) new YAMLMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the built-in YAML of a format does not parse", e);
        }
    }
}
