package dev.wharf.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.testing.InProcessWharf;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code wharf stats [KEY]} against a running Wharf: the table, {@code --output json} and the exit codes. */
class StatsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    private InProcessWharf wharf;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() {
        wharf = InProcessWharf.start(dir, """
                repositories:
                  - { key: files, format: generic, type: local }
                  - { key: other, format: generic, type: local }
                """);
    }

    @AfterEach
    void stop() {
        wharf.close();
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return new CommandLine(new StatsCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
    }

    @Test
    void printsEveryRepositoryAndTheTotalOrOneRepositoryAsJson() throws Exception {
        HttpResponse<Void> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(wharf.url()
                        + "/repository/files/a.bin")).header("Authorization", "Bearer " + InProcessWharf.ADMIN_TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[3000])).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(put.statusCode()).isEqualTo(201);
        String server = "--server=" + wharf.url();
        String admin = "--token=" + InProcessWharf.ADMIN_TOKEN;

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(run("files", server, admin, "--output", "json")).as(err.toString()).isZero();
            assertThat(JSON.readTree(out.toString()).path("requests").asLong()).isEqualTo(1);
        });
        JsonNode files = JSON.readTree(out.toString());
        assertThat(files.path("storageBytes").asLong()).isEqualTo(3000);

        assertThat(run(server, admin)).as(err.toString()).isZero();
        assertThat(out.toString().lines().toList()).hasSize(5)
                .satisfies(lines -> assertThat(lines.get(0)).startsWith("REPOSITORY").contains("HITS", "STORED", "LAST ACCESS"))
                .satisfies(lines -> assertThat(lines.get(1)).startsWith("files ").contains("generic", "local", "2.9 KiB",
                        files.path("lastAccess").asText()))
                .satisfies(lines -> assertThat(lines.get(2)).startsWith("other ").endsWith("never"))
                .satisfies(lines -> assertThat(lines.get(3)).startsWith("total ").contains("2.9 KiB"))
                .satisfies(lines -> assertThat(lines.get(4)).startsWith("since "));
    }

    @Test
    void aMissingRepositoryABadTokenAndAnUnreachableServerHaveTheirExitCodes() {
        assertThat(run("nope", "--server=" + wharf.url(), "--token=" + InProcessWharf.ADMIN_TOKEN)).isEqualTo(AdminClient.MISSING);
        assertThat(err.toString()).isEqualTo("wharf stats: no repository nope" + System.lineSeparator());
        assertThat(run("--server=" + wharf.url(), "--token=wharf_wrong")).isEqualTo(AdminClient.BAD_TOKEN);
        int port = wharf.port();
        wharf.close();
        assertThat(run("--server=http://127.0.0.1:" + port, "--token=x")).isEqualTo(AdminClient.UNREACHABLE);
    }

    @Test
    void bytesAreShownInBinaryUnits() {
        assertThat(StatsCommand.bytes(0)).isEqualTo("0 B");
        assertThat(StatsCommand.bytes(1023)).isEqualTo("1023 B");
        assertThat(StatsCommand.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(StatsCommand.bytes(5L << 30)).isEqualTo("5.0 GiB");
    }
}
