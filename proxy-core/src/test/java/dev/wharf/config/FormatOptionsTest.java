package dev.wharf.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A repository's keys beyond the common ones bind into the options record its format and type name. */
class FormatOptionsTest {
    private static final String FILES = """
            repositories:
              - key: files
                format: generic
                type: remote
                url: https://downloads.example.com
                mutable: ["**/latest/*", "**/*.json"]
                x-owner: platform-team
              - { key: uploads, format: generic, type: local }
              - { key: all, format: generic, type: virtual, members: [uploads, files], deployTo: uploads }
              - { key: pypi, format: pypi, type: remote, url: "https://pypi.example.com" }
            """;

    @TempDir
    Path dir;

    private ConfigFiles files;

    @BeforeEach
    void setUp() {
        files = new ConfigFiles(dir);
    }

    @Test
    void optionsBindByFormatAndType() {
        WharfConfig config = files.load(FILES);

        assertThat(config.repository("files").orElseThrow().options(TestFormats.FilesRemote.class).mutable())
                .containsExactly("**/latest/*", "**/*.json");
        assertThat(config.repository("uploads").orElseThrow().options(TestFormats.FilesLocal.class).allowOverwrite())
                .isFalse();
        assertThat(config.repository("all").orElseThrow().options()).isEqualTo(new TestFormats.NoOptions());
        assertThat(config.repository("pypi").orElseThrow().options(TestFormats.PypiRemote.class).yankedTtl())
                .isEqualTo(Duration.ofDays(30));
    }

    @Test
    void absentSectionOfAFormatBindsFromAnEmptyMapping() {
        WharfConfig config = files.load(FILES);

        assertThat(config.sections()).containsOnlyKeys("docker");
        assertThat(config.section("docker", TestFormats.Mirror.class)).isEqualTo(new TestFormats.Mirror(null));
    }

    @Test
    void optionKeysTakeEnvironmentOverrides() {
        WharfConfig config = files.load(FILES, Map.of(
                "WHARF_REPOSITORIES_FILES_MUTABLE", "*.txt, *.sig",
                "WHARF_REPOSITORIES_UPLOADS_ALLOWOVERWRITE", "true",
                "WHARF_DOCKER_DEFAULTREPOSITORY", ""));

        assertThat(config.repository("files").orElseThrow().options(TestFormats.FilesRemote.class).mutable())
                .containsExactly("*.txt", "*.sig");
        assertThat(config.repository("uploads").orElseThrow().options(TestFormats.FilesLocal.class).allowOverwrite())
                .isTrue();
    }

    @Test
    void optionErrorsNameTheirLineOrVariable() {
        ConfigException e = files.failure(FILES.replace("\"**/*.json\"", "\"\""), Map.of());
        assertThat(e).hasMessage(files.file() + ":6: repositories[0].mutable[1]: must not be blank");

        assertThat(files.error(FILES, Map.of("WHARF_REPOSITORIES_PYPI_YANKEDTTL", "forever")))
                .isEqualTo("repositories[3].yankedTtl: \"forever\" is not a duration (expected e.g. 30s, 10m, 1h)"
                        + " (set by WHARF_REPOSITORIES_PYPI_YANKEDTTL)");
        assertThat(files.error(FILES, Map.of("WHARF_REPOSITORIES_UPLOADS_MUTABLE", "*")))
                .startsWith("WHARF_REPOSITORIES_UPLOADS_MUTABLE: names no configuration key (repositories[1] has key,")
                .endsWith("deployTo, upstream, tokenRealms, maxUnusedAge, anonymousRead, allowOverwrite)");
    }

    @Test
    void crossChecksOfTheFormatsRunOnTheBoundConfiguration() {
        assertThat(files.error(FILES + "docker: { defaultRepository: files }\n"))
                .isEqualTo("docker.defaultRepository: \"files\" is a generic repository (expected a docker repository)");
    }
}
