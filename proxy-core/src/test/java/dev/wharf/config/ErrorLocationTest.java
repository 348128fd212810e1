package dev.wharf.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An error names the line of the offending key in the file, or the variable that set it. */
class ErrorLocationTest {
    private static final String FILE = """
            server:
              port: 8080
            repositories:
              - { key: hub, format: docker, type: remote, url: "https://example.com" }
              - key: images
                format: docker
                type: local
              - key: docker
                format: docker
                type: virtual
                members:
                  - images
                  - hub
            """;

    @TempDir
    Path dir;

    private ConfigFiles files;

    @BeforeEach
    void setUp() {
        files = new ConfigFiles(dir);
    }

    @Test
    void valueFromTheFileNamesItsLine() {
        ConfigException e = files.failure(FILE.replace("port: 8080", "port: 70000"), Map.of());

        assertThat(e.line()).isEqualTo(2);
        assertThat(e).hasMessage(files.file() + ":2: server.port: 70000 is out of range (expected 0..65535)");
    }

    @Test
    void keyInsideAListItemNamesItsOwnLine() {
        ConfigException e = files.failure(FILE.replace("type: local", "type: local\n    metadataTtl: soon"), Map.of());

        assertThat(e).hasMessage(files.file() + ":8: repositories[1].metadataTtl: \"soon\" is not a duration"
                + " (expected e.g. 30s, 10m, 1h)");
    }

    @Test
    void listItemNamesItsLine() {
        ConfigException e = files.failure(FILE.replace("      - hub", "      - nope"), Map.of());

        assertThat(e).hasMessage(files.file() + ":13: repositories[2].members[1]: \"nope\" is not a configured repository");
    }

    @Test
    void missingKeyNamesTheLineOfItsSection() {
        ConfigException e = files.failure(FILE.replace("    members:\n      - images\n      - hub\n", ""), Map.of());

        assertThat(e).hasMessage(files.file() + ":8: repositories[2].members: required for a virtual repository"
                + " (at least one member)");
    }

    @Test
    void unknownKeyNamesItsLine() {
        ConfigException e = files.failure(FILE.replace("  port: 8080", "  port: 8080\n  prot: 80"), Map.of());

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.key()).isEqualTo("server.prot");
    }

    @Test
    void valueFromAVariableNamesTheVariableInsteadOfALine() {
        ConfigException e = files.failure(FILE, Map.of("WHARF_SERVER_PORT", "70000"));

        assertThat(e.line()).isZero();
        assertThat(e).hasMessage(files.file() + ": server.port: 70000 is out of range (expected 0..65535)"
                + " (set by WHARF_SERVER_PORT)");
    }

    @Test
    void substitutedValueStillNamesItsLine() {
        ConfigException e = files.failure(FILE.replace("port: 8080", "port: \"${PORT}\""), Map.of("PORT", "x"));

        assertThat(e).hasMessage(files.file() + ":2: server.port: \"x\" is not an integer");
    }

    @Test
    void embeddedDefaultHasNoLines() {
        ConfigException e = org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.embeddedDefault(dir, Map.of("WHARF_STORAGE_BLOBS_TYPE", "s3"), TestFormats.INSTANCE));

        assertThat(e.line()).isZero();
        assertThat(e).hasMessage("embedded default config: storage.blobs.bucket: required for s3 blobs");
    }
}
