package dev.wharf.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A configuration Wharf cannot run with ends start-up with exit code 1 and one line, never a stack trace. */
class MainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private int run(String repository) throws Exception {
        Path file = dir.resolve("wharf.yaml");
        Files.writeString(file, """
                server: { bindAddress: 127.0.0.1, port: 0 }
                storage:
                  blobs: { path: "%1$s/blobs" }
                  metadata: { path: "%1$s/meta" }
                repositories:
                  - %2$s
                """.formatted(dir, repository));
        return Main.run(new String[] {"serve", "--config", file.toString()}, Map.of(), err);
    }

    private String errLines() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void usernameWithoutPasswordIsAConfigError() throws Exception {
        int code = run("{ key: hub, format: docker, type: remote, url: \"https://example.com\", username: robot }");

        assertThat(code).isEqualTo(1);
        assertThat(errLines()).startsWith("wharf: ").endsWith("repositories[0].password: required with username\n")
                .hasLineCount(1);
    }

    @Test
    void usernameWithAColonIsAConfigError() throws Exception {
        int code = run("{ key: hub, format: docker, type: remote, url: \"https://example.com\", username: \"ro:bot\", password: pw }");

        assertThat(code).isEqualTo(1);
        assertThat(errLines()).endsWith("repositories[0].username: must not contain ':' (HTTP Basic cannot carry it)\n")
                .hasLineCount(1);
    }
}
