package dev.wharf.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wharf.config.ConfigException;
import dev.wharf.config.ConfigLoader;
import dev.wharf.config.RepositoryConfig;
import dev.wharf.config.RepositoryType;
import dev.wharf.config.UpstreamConfig;
import dev.wharf.config.WharfConfig;
import dev.wharf.docker.DockerOptions;
import dev.wharf.docker.DockerSettings;
import dev.wharf.generic.GenericLocalOptions;
import dev.wharf.generic.GenericRemoteOptions;
import dev.wharf.generic.GenericVirtualOptions;
import dev.wharf.go.GoRemoteOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The formats of this build as the configuration sees them: docker, generic, go and cargo, their options and defaults. */
class BuiltInFormatsTest {
    private final BuiltInFormats formats = new BuiltInFormats();

    @TempDir
    Path dir;

    @Test
    void formatsOfTheBuild() {
        assertThat(formats.ids()).containsExactlyInAnyOrder("docker", "generic", "go", "cargo");
        assertThat(formats.sections()).containsExactly(Map.entry("docker", DockerSettings.class));
        for (RepositoryType type : RepositoryType.values()) {
            assertThat(formats.repositoryOptions("docker", type)).isEqualTo(DockerOptions.class);
        }
        assertThat(formats.repositoryOptions("generic", RepositoryType.REMOTE)).isEqualTo(GenericRemoteOptions.class);
        assertThat(formats.repositoryOptions("generic", RepositoryType.LOCAL)).isEqualTo(GenericLocalOptions.class);
        assertThat(formats.repositoryOptions("generic", RepositoryType.VIRTUAL)).isEqualTo(GenericVirtualOptions.class);
        assertThat(formats.repositoryOptions("go", RepositoryType.REMOTE)).isEqualTo(GoRemoteOptions.class);
    }

    @Test
    void embeddedDefaultHasTheDockerRemotesAndTheMirrorDefault() {
        WharfConfig config = ConfigLoader.embeddedDefault(dir, Map.of(), formats);

        assertThat(config.repositories()).containsExactly(
                new RepositoryConfig("dockerhub", "docker", RepositoryType.REMOTE, URI.create("https://registry-1.docker.io"),
                        null, null, Duration.ofMinutes(10), Duration.ofMinutes(1), List.of(), List.of(), null,
                        UpstreamConfig.DEFAULTS, List.of("auth.docker.io"), null, new DockerOptions()),
                RepositoryConfig.remote("ghcr", "docker", URI.create("https://ghcr.io"), new DockerOptions()),
                RepositoryConfig.remote("quay", "docker", URI.create("https://quay.io"), new DockerOptions()));
        assertThat(config.section("docker", DockerSettings.class).defaultRepository()).isEqualTo("dockerhub");
    }

    @Test
    void defaultRepositoryMustNameADockerRepository() throws IOException {
        assertThat(error("""
                docker: { defaultRepository: hub }
                repositories:
                  - { key: files, format: generic, type: local }
                """)).endsWith(":1: docker.defaultRepository: \"hub\" is not a configured repository");
        assertThat(error("""
                docker: { defaultRepository: files }
                repositories:
                  - { key: files, format: generic, type: local }
                """)).endsWith(":1: docker.defaultRepository: \"files\" is a generic repository (expected a docker repository)");
        assertThat(catchThrowableOfType(ConfigException.class, () -> ConfigLoader.embeddedDefault(dir,
                Map.of("WHARF_DOCKER_DEFAULTREPOSITORY", "nope"), formats)))
                .hasMessage("embedded default config: docker.defaultRepository: \"nope\" is not a configured repository"
                        + " (set by WHARF_DOCKER_DEFAULTREPOSITORY)");
    }

    @Test
    void genericOptionsBindWithTheirDefaults() throws IOException {
        WharfConfig config = load("""
                repositories:
                  - { key: files, format: generic, type: remote, url: "https://downloads.example.com", mutable: ["**/latest/*"] }
                  - { key: uploads, format: generic, type: local }
                  - { key: shared, format: generic, type: local, allowOverwrite: true }
                  - { key: all, format: generic, type: virtual, members: [uploads, files] }
                """);

        assertThat(config.repository("files").orElseThrow().options(GenericRemoteOptions.class).mutable())
                .containsExactly("**/latest/*");
        assertThat(config.repository("uploads").orElseThrow().options(GenericLocalOptions.class).allowOverwrite()).isFalse();
        assertThat(config.repository("shared").orElseThrow().options(GenericLocalOptions.class).allowOverwrite()).isTrue();
        assertThat(config.repository("all").orElseThrow().options(GenericVirtualOptions.class)).isNotNull();
    }

    @Test
    void formatNotInTheBuildIsAnError() throws IOException {
        assertThat(error("repositories:\n  - { key: pypi, format: pypi, type: remote, url: \"https://pypi.example.com\" }\n"))
                .endsWith(":2: repositories[0].format: \"pypi\" is not one of docker, generic, go, cargo (the formats of this build)");
    }

    private WharfConfig load(String yaml) throws IOException {
        Path file = dir.resolve("wharf.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file, Map.of(), formats);
    }

    private String error(String yaml) throws IOException {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml));
        assertThat(e).isNotNull();
        return e.getMessage();
    }
}
