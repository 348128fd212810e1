package dev.wharf.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.wharf.testing.InProcessWharf;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/stats} and {@code /api/v1/stats/<key>} after traffic through a remote and a local repository. */
@Timeout(60)
class StatsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] FILE = filled(70_000);
    private static final byte[] UPLOAD = "an uploaded file".getBytes(StandardCharsets.UTF_8);
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private HttpServer upstream;
    private InProcessWharf wharf;

    @BeforeEach
    void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/dl/tool.bin", exchange -> {
            exchange.sendResponseHeaders(200, FILE.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(FILE);
            }
        });
        upstream.start();
        wharf = InProcessWharf.start(dir, """
                repositories:
                  - { key: files, format: generic, type: remote, url: "http://127.0.0.1:%d/dl" }
                  - { key: uploads, format: generic, type: local }
                  - { key: idle, format: generic, type: local }
                """.formatted(upstream.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        wharf.close();
        upstream.stop(0);
    }

    @Test
    void countsHitsMissesAndBytesPerRepositoryAndTheStorageOfEach() throws Exception {
        Instant before = Instant.now();
        assertThat(send("GET", "/repository/files/tool.bin", null).body()).isEqualTo(new String(FILE, StandardCharsets.ISO_8859_1));
        // The second read is a hit, so the entry is committed before the stats are read.
        assertThat(send("GET", "/repository/files/tool.bin", null).statusCode()).isEqualTo(200);
        assertThat(send("PUT", "/repository/uploads/a.txt", UPLOAD).statusCode()).isEqualTo(201);

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(stats("/api/v1/stats").path("total").path("requests").asLong()).isEqualTo(3));
        JsonNode stats = stats("/api/v1/stats");

        assertThat(Instant.parse(stats.path("since").asText())).isBefore(before);
        JsonNode files = stats.path("repositories").get(0);
        assertThat(files.path("key").asText()).isEqualTo("files");
        assertThat(files.path("format").asText()).isEqualTo("generic");
        assertThat(files.path("type").asText()).isEqualTo("remote");
        assertThat(files.path("requests").asLong()).isEqualTo(2);
        assertThat(files.path("misses").asLong()).isEqualTo(1);
        assertThat(files.path("hits").asLong()).isEqualTo(1);
        assertThat(files.path("bytesServed").asLong()).isEqualTo(2L * FILE.length);
        assertThat(files.path("bytesFromUpstream").asLong()).isEqualTo(FILE.length);
        assertThat(files.path("storageBytes").asLong()).isEqualTo(FILE.length);
        assertThat(files.path("objects").asLong()).isEqualTo(1);
        assertThat(Instant.parse(files.path("lastAccess").asText())).isAfterOrEqualTo(before.minusSeconds(1));
        JsonNode uploads = stats.path("repositories").get(1);
        assertThat(uploads.path("key").asText()).isEqualTo("uploads");
        assertThat(uploads.path("type").asText()).isEqualTo("local");
        assertThat(uploads.path("requests").asLong()).isEqualTo(1);
        assertThat(uploads.path("hits").asLong() + uploads.path("misses").asLong()).isZero();
        assertThat(uploads.path("bytesFromUpstream").asLong()).isZero();
        assertThat(uploads.path("storageBytes").asLong()).isEqualTo(UPLOAD.length);
        assertThat(uploads.path("objects").asLong()).isEqualTo(1);
        JsonNode idle = stats.path("repositories").get(2);
        assertThat(idle.path("key").asText()).isEqualTo("idle");
        assertThat(idle.path("requests").asLong()).isZero();
        assertThat(idle.path("objects").asLong()).isZero();
        assertThat(idle.path("lastAccess").isNull()).isTrue();
        assertThat(stats.path("repositories").size()).isEqualTo(3);
        JsonNode total = stats.path("total");
        assertThat(total.path("bytesServed").asLong()).as("the files and the answer to the upload")
                .isEqualTo(2L * FILE.length + uploads.path("bytesServed").asLong());
        assertThat(total.path("hits").asLong()).isEqualTo(1);
        assertThat(total.path("bytesFromUpstream").asLong()).isEqualTo(FILE.length);
        assertThat(total.path("storageBytes").asLong()).isEqualTo(FILE.length + UPLOAD.length);
        assertThat(total.path("objects").asLong()).isEqualTo(2);
        assertThat(total.has("key")).isFalse();

        assertThat(stats("/api/v1/stats/files")).isEqualTo(files);
    }

    @Test
    void anUnknownRepositoryIs404AndOnlyAdminsMayRead() throws Exception {
        HttpResponse<String> missing = send("GET", "/api/v1/stats/nope", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).path("message").asText()).isEqualTo("no repository nope");
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(wharf.url() + "/api/v1/stats")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
        HttpResponse<String> post = send("POST", "/api/v1/stats", new byte[0]);
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    private JsonNode stats(String path) throws Exception {
        HttpResponse<String> response = send("GET", path, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(String method, String path, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(wharf.url() + path))
                .header("Authorization", "Bearer " + InProcessWharf.ADMIN_TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
    }

    private static byte[] filled(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'w');
        return bytes;
    }
}
