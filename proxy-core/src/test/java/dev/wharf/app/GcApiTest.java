package dev.wharf.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.codec.Digest;
import dev.wharf.testing.InProcessWharf;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/v1/gc}, {@code GET /api/v1/gc} and {@code wharf gc} against a running Wharf. */
class GcApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private InProcessWharf wharf;

    @BeforeEach
    void start() {
        wharf = InProcessWharf.start(dir, """
                gc: { grace: 0s }
                repositories:
                  - { key: uploads, format: generic, type: local }
                """);
    }

    @AfterEach
    void stop() {
        wharf.close();
    }

    @Test
    void aPostCollectsAndAnswersTheReportWhichAGetThenGives() throws Exception {
        assertThat(send("GET", "/api/v1/gc").statusCode()).as("before any collection").isEqualTo(404);
        byte[] kept = "a file that stays".getBytes(StandardCharsets.UTF_8);
        byte[] deleted = "a file deleted, its blob unreferenced".getBytes(StandardCharsets.UTF_8);
        assertThat(put("/repository/uploads/kept.txt", kept).statusCode()).isEqualTo(201);
        assertThat(put("/repository/uploads/deleted.txt", deleted).statusCode()).isEqualTo(201);
        assertThat(send("DELETE", "/repository/uploads/deleted.txt").statusCode()).isEqualTo(204);

        HttpResponse<String> dry = send("POST", "/api/v1/gc?dryRun=true");

        assertThat(dry.statusCode()).isEqualTo(200);
        assertThat(dry.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode dryReport = JSON.readTree(dry.body());
        assertThat(dryReport.get("dryRun").asBoolean()).isTrue();
        assertThat(dryReport.get("blobsRemoved").asLong()).isEqualTo(1);
        assertThat(Files.exists(wharf.blobFile(sha256(deleted)))).isTrue();

        JsonNode report = JSON.readTree(send("POST", "/api/v1/gc").body());

        assertThat(report.get("dryRun").asBoolean()).isFalse();
        assertThat(report.get("blobsRemoved").asLong()).isEqualTo(1);
        assertThat(report.get("bytesFreed").asLong()).isEqualTo(deleted.length);
        assertThat(report.get("blobsKept").asLong()).isEqualTo(1);
        assertThat(Files.exists(wharf.blobFile(sha256(deleted)))).isFalse();
        assertThat(Files.exists(wharf.blobFile(sha256(kept)))).isTrue();
        assertThat(JSON.readTree(send("GET", "/api/v1/gc").body())).isEqualTo(report);
        assertThat(send("DELETE", "/api/v1/gc").statusCode()).isEqualTo(405);
        assertThat(send("GET", "/metrics").body()).contains("wharf_gc_runs_total{outcome=\"ok\"} 1.0")
                .contains("wharf_gc_blobs_removed_total 1.0").contains("wharf_gc_freed_bytes_total " + deleted.length + ".0")
                .contains("wharf_gc_entries_evicted_total 0.0").contains("wharf_gc_uploads_reaped_total 0.0")
                .contains("wharf_gc_stored_bytes " + kept.length + ".0").contains("wharf_gc_last_run_timestamp_seconds ")
                .contains("wharf_gc_last_run_duration_seconds ");
    }

    @Test
    void theCommandLinePrintsTheReportOrSaysWhyItCouldNot() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int refused = GcCommand.run(new String[] {"--url", wharf.url()}, null, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true));
        assertThat(refused).as("without a token").isEqualTo(AdminClient.BAD_TOKEN);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("wharf gc: 401");
        err.reset();

        int code = GcCommand.run(new String[] {"--dry-run", "--url", wharf.url(), "--token", InProcessWharf.ADMIN_TOKEN},
                null, new PrintStream(out, true), new PrintStream(err, true));

        assertThat(code).as("exit code; stderr: %s", err).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("dry run").contains("blobsRemoved").contains("bytesFreed");

        int port = wharf.port();
        wharf.close();
        ByteArrayOutputStream down = new ByteArrayOutputStream();
        assertThat(GcCommand.run(new String[] {"--url", "http://127.0.0.1:" + port}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(down, true))).isEqualTo(AdminClient.UNREACHABLE);
        assertThat(down.toString(StandardCharsets.UTF_8)).startsWith("wharf gc: cannot reach Wharf at http://127.0.0.1:" + port);
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(wharf.url() + path)).method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + InProcessWharf.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> put(String path, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(wharf.url() + path)).PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Authorization", "Bearer " + InProcessWharf.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Digest sha256(byte[] data) throws Exception {
        return new Digest(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
    }
}
