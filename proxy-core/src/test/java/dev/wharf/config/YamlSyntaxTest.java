package dev.wharf.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that is not valid YAML fails with {@code file:line:column: ...} on one line. */
class YamlSyntaxTest {
    @TempDir
    Path dir;

    private ConfigFiles files;

    @BeforeEach
    void setUp() {
        files = new ConfigFiles(dir);
    }

    private String errorLoading(String yaml) {
        files.write(yaml);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(files.file(), Map.of(), TestFormats.INSTANCE));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).doesNotContain("\n");
        return e.getMessage();
    }

    @Test
    void badIndentationGivesLineAndColumn() {
        assertThat(errorLoading("server:\n  port: 8080\n   tls: x\n"))
                .isEqualTo(files.file() + ":3:7: YAML syntax error: mapping values are not allowed here");
    }

    @Test
    void unclosedFlowMappingNamesWhereItStarted() {
        assertThat(errorLoading("storage:\n  blobs: { type: filesystem\n"))
                .isEqualTo(files.file() + ":3:1: YAML syntax error: expected ',' or '}', but got <stream end>"
                        + " (while parsing a flow mapping at 2:10)");
    }

    @Test
    void duplicateKeyIsAnError() {
        assertThat(errorLoading("server:\n  port: 8080\n  port: 9090\n"))
                .startsWith(files.file() + ":3:")
                .contains("Duplicate field 'port'");
    }

    @Test
    void aliasesAreRefusedRatherThanReadAsTheirName() {
        assertThat(errorLoading("x-port: &port 9090\nserver:\n  port: *port\n"))
                .isEqualTo(files.file() + ":3:9: YAML aliases (*port) are not supported; write the value out");
    }

    @Test
    void missingFile() {
        Path absent = dir.resolve("absent.yaml");

        assertThat(catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(absent, Map.of(), TestFormats.INSTANCE)))
                .hasMessage(absent + ": no such file");
    }

    @Test
    void fileThatIsNotUtf8() throws Exception {
        Files.write(files.file(), new byte[] {'a', ':', ' ', (byte) 0xff, '\n'});

        assertThat(catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(files.file(), Map.of(), TestFormats.INSTANCE)))
                .hasMessage(files.file() + ": not valid UTF-8");
    }
}
