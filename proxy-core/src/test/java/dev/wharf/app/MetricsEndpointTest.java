package dev.wharf.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.wharf.config.ConfigLoader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} of a real Wharf after some requests through it. */
@Timeout(60)
class MetricsEndpointTest {
    private static final byte[] MANIFEST = """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}"""
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    private HttpServer upstream;
    private WharfServer wharf;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/v2/", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/v2/team/app/manifests/v1")) {
                exchange.getResponseHeaders().set("Content-Type", "application/vnd.oci.image.index.v1+json");
                exchange.sendResponseHeaders(200, MANIFEST.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(MANIFEST);
                }
            } else {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
            }
        });
        upstream.start();
        Path config = dir.resolve("wharf.yaml");
        Files.writeString(config, """
                server: { port: 0, bindAddress: 127.0.0.1 }
                storage:
                  blobs: { type: filesystem, path: %s }
                  metadata: { type: embedded, path: %s }
                repositories:
                  - { key: hub, format: docker, type: remote, url: "http://127.0.0.1:%d" }
                """.formatted(dir.resolve("blobs"), dir.resolve("meta"), upstream.getAddress().getPort()));
        wharf = WharfServer.start(ConfigLoader.load(config, Map.of(), new BuiltInFormats()));
    }

    @AfterEach
    void tearDown() {
        wharf.stop();
        upstream.stop(0);
    }

    @Test
    void servesThePrometheusTextWithTheRequestsSeenSoFar() throws Exception {
        assertThat(send("GET", "/v2/", Map.of()).statusCode()).as("an anonymous ping is challenged").isEqualTo(401);
        assertThat(send("GET", "/v2/hub/team/app/manifests/v1", Map.of()).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/v2/hub/team/app/manifests/v1", Map.of()).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/v2/hub/team/app/manifests/nope", Map.of()).statusCode()).isEqualTo(404);

        // A request is counted once its last write completed, which may trail the client's read a little.
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> metrics = send("GET", "/metrics", Map.of());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(metrics.body())
                    .containsPattern("wharf_requests_total\\{cache=\"none\",[^}]*method=\"GET\",[^}]*status=\"200\"} [1-9]")
                    .containsPattern("wharf_requests_total\\{cache=\"(miss|pass)\",[^}]*method=\"GET\",[^}]*status=\"200\"} 1")
                    .containsPattern("wharf_requests_total\\{[^}]*status=\"404\"} 1")
                    .containsPattern("wharf_served_bytes_total\\{cache=\"(miss|pass)\",repository=\"[^\"]+\"} " + MANIFEST.length)
                    .containsPattern("wharf_request_duration_seconds_count\\{[^}]*method=\"GET\"")
                    .contains("wharf_fills_active 0", "wharf_log_events_dropped_total{stream=\"access\"}",
                            "jvm_memory_used_bytes{", "process_files_open_files ", "wharf_netty_allocator_used_bytes{");
        });
    }

    @Test
    void answersOpenMetricsWhenAskedAndOnlyGetAndHead() throws Exception {
        HttpResponse<String> open = send("GET", "/metrics",
                Map.of("Accept", "application/openmetrics-text; version=1.0.0, text/plain; version=0.0.4; q=0.5"));
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.headers().firstValue("Content-Type")).hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(open.body()).endsWith("# EOF\n");

        HttpResponse<String> head = send("HEAD", "/metrics", Map.of());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        HttpResponse<String> post = send("POST", "/metrics", Map.of());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(send("GET", "/metrics/extra", Map.of()).statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + wharf.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
