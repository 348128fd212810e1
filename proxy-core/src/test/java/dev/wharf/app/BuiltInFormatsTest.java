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
import dev.wharf.maven.MavenLocalOptions;
import dev.wharf.maven.MavenRemoteOptions;
import dev.wharf.maven.MavenVirtualOptions;
import dev.wharf.npm.NpmLocalOptions;
import dev.wharf.npm.NpmRemoteOptions;
import dev.wharf.npm.NpmVirtualOptions;
import dev.wharf.pypi.PypiLocalOptions;
import dev.wharf.pypi.PypiRemoteOptions;
import dev.wharf.pypi.PypiVirtualOptions;
import dev.wharf.terraform.TerraformLocalOptions;
import dev.wharf.terraform.TerraformRemoteOptions;
import dev.wharf.terraform.TerraformVirtualOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The formats of this build as the configuration sees them: their ids, options and defaults. */
class BuiltInFormatsTest {
    private final BuiltInFormats formats = new BuiltInFormats();

    @TempDir
    Path dir;

    @Test
    void formatsOfTheBuild() {
        assertThat(formats.ids()).containsExactlyInAnyOrder(new String[] {
                "docker",
                "generic",
                "go",
                "terraform",
                "cargo",
                "npm",
                "pypi",
                "maven",
        });
        assertThat(formats.sections()).containsExactly(Map.entry("docker", DockerSettings.class));
        for (RepositoryType type : RepositoryType.values()) {
            assertThat(formats.repositoryOptions("docker", type)).isEqualTo(DockerOptions.class);
        }
        assertThat(formats.repositoryOptions("generic", RepositoryType.REMOTE)).isEqualTo(GenericRemoteOptions.class);
        assertThat(formats.repositoryOptions("generic", RepositoryType.LOCAL)).isEqualTo(GenericLocalOptions.class);
        assertThat(formats.repositoryOptions("generic", RepositoryType.VIRTUAL)).isEqualTo(GenericVirtualOptions.class);
        assertThat(formats.repositoryOptions("go", RepositoryType.REMOTE)).isEqualTo(GoRemoteOptions.class);
        assertThat(formats.repositoryOptions("terraform", RepositoryType.REMOTE)).isEqualTo(TerraformRemoteOptions.class);
        assertThat(formats.repositoryOptions("terraform", RepositoryType.LOCAL)).isEqualTo(TerraformLocalOptions.class);
        assertThat(formats.repositoryOptions("terraform", RepositoryType.VIRTUAL)).isEqualTo(TerraformVirtualOptions.class);
        assertThat(formats.repositoryOptions("maven", RepositoryType.REMOTE)).isEqualTo(MavenRemoteOptions.class);
        assertThat(formats.repositoryOptions("maven", RepositoryType.LOCAL)).isEqualTo(MavenLocalOptions.class);
        assertThat(formats.repositoryOptions("maven", RepositoryType.VIRTUAL)).isEqualTo(MavenVirtualOptions.class);
        assertThat(formats.repositoryOptions("pypi", RepositoryType.REMOTE)).isEqualTo(PypiRemoteOptions.class);
        assertThat(formats.repositoryOptions("pypi", RepositoryType.LOCAL)).isEqualTo(PypiLocalOptions.class);
        assertThat(formats.repositoryOptions("pypi", RepositoryType.VIRTUAL)).isEqualTo(PypiVirtualOptions.class);
        assertThat(formats.repositoryOptions("npm", RepositoryType.REMOTE)).isEqualTo(NpmRemoteOptions.class);
        assertThat(formats.repositoryOptions("npm", RepositoryType.LOCAL)).isEqualTo(NpmLocalOptions.class);
        assertThat(formats.repositoryOptions("npm", RepositoryType.VIRTUAL)).isEqualTo(NpmVirtualOptions.class);
    }

    @Test
    void npmOptionsBindWithTheirDefaults() throws IOException {
        WharfConfig config = load("""
                repositories:
                  - { key: npmjs, format: npm, type: remote, url: "https://npm.example.com" }
                  - { key: big, format: npm, type: remote, url: "https://npm.example.com", maxPackumentBytes: 128MiB }
                  - { key: private, format: npm, type: local, maxPublishBytes: 8MiB }
                  - { key: npm, format: npm, type: virtual, members: [private, npmjs] }
                """);
        assertThat(config.repository("npmjs").orElseThrow().options(NpmRemoteOptions.class).maxPackumentBytes()).isEqualTo(64L << 20);
        assertThat(config.repository("big").orElseThrow().options(NpmRemoteOptions.class).maxPackumentBytes()).isEqualTo(128L << 20);
        assertThat(config.repository("private").orElseThrow().options(NpmLocalOptions.class).maxPublishBytes()).isEqualTo(8L << 20);
        assertThat(error("""
                repositories:
                  - { key: npmjs, format: npm, type: remote, url: "https://npm.example.com", maxPackumentBytes: 2GiB }
                """)).contains("maxPackumentBytes").contains("1KiB..1GiB");
    }

    @Test
    void mavenOptionsBindWithTheirDefaults() throws IOException {
        WharfConfig config = load("""
                repositories:
                  - { key: central, format: maven, type: remote, url: "https://maven.example.com/maven2" }
                  - { key: releases, format: maven, type: local }
                  - { key: open, format: maven, type: local, allowRedeploy: true }
                  - { key: maven, format: maven, type: virtual, members: [releases, central], deployTo: releases }
                """);

        assertThat(config.repository("releases").orElseThrow().options(MavenLocalOptions.class).allowRedeploy()).isFalse();
        assertThat(config.repository("open").orElseThrow().options(MavenLocalOptions.class).allowRedeploy()).isTrue();
        assertThat(error("""
                repositories:
                  - { key: central, format: maven, type: remote, url: "https://maven.example.com", allowRedeploy: true }
                """)).contains("allowRedeploy");
    }

    @Test
    void embeddedDefaultHasTheDockerRemotesThePypiAndTerraformRemotesAndTheMirrorDefault() {
        WharfConfig config = ConfigLoader.embeddedDefault(dir, Map.of(), formats);

        assertThat(config.repositories()).containsExactly(
                new RepositoryConfig("dockerhub", "docker", RepositoryType.REMOTE, URI.create("https://registry-1.docker.io"),
                        null, null, Duration.ofMinutes(10), Duration.ofMinutes(1), List.of(), List.of(), null,
                        UpstreamConfig.DEFAULTS, List.of("auth.docker.io"), null, new DockerOptions()),
                RepositoryConfig.remote("ghcr", "docker", URI.create("https://ghcr.io"), new DockerOptions()),
                RepositoryConfig.remote("quay", "docker", URI.create("https://quay.io"), new DockerOptions()),
                RepositoryConfig.remote("terraform", "terraform", URI.create("https://registry.terraform.io"),
                        new TerraformRemoteOptions(16_777_216)),
                new RepositoryConfig("pypi", "pypi", RepositoryType.REMOTE, URI.create("https://pypi.example.com"),
                        null, null, Duration.ofMinutes(10), Duration.ofMinutes(1), List.of(), List.of(), null,
                        UpstreamConfig.DEFAULTS, List.of(), Duration.ofDays(30), new PypiRemoteOptions(64L << 20)));
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
    void pypiRemoteOptionsBindWithTheirDefaultsAndLimits() throws IOException {
        WharfConfig config = load("""
                repositories:
                  - { key: pypi, format: pypi, type: remote, url: "https://pypi.example.com" }
                  - { key: small, format: pypi, type: remote, url: "https://pypi.example.com", maxIndexBytes: 1MiB }
                """);
        assertThat(config.repository("pypi").orElseThrow().options(PypiRemoteOptions.class).maxIndexBytes()).isEqualTo(64L << 20);
        assertThat(config.repository("small").orElseThrow().options(PypiRemoteOptions.class).maxIndexBytes()).isEqualTo(1L << 20);
        assertThat(error("""
                repositories:
                  - { key: pypi, format: pypi, type: remote, url: "https://pypi.example.com", maxIndexBytes: 2GiB }
                """)).contains("maxIndexBytes").contains("out of range");
    }

    @Test
    void formatNotInTheBuildIsAnError() throws IOException {
        assertThat(error("repositories:\n  - { key: f, format: fortran, type: remote, url: \"https://f.example.com\" }\n"))
                .contains(":2: repositories[0].format: \"fortran\" is not one of ").contains("docker, generic, ")
                .endsWith(" (the formats of this build)");
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
