package dev.wharf.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.wharf.codec.Digest;
import dev.wharf.app.BuiltInFormats;
import dev.wharf.config.ConfigLoader;
import dev.wharf.app.WharfServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Manifests through an in-process Wharf: the client's Accept goes upstream, the upstream's headers come back. */
@Timeout(60)
class ManifestProxyingTest {
    private static final String INDEX_TYPE = "application/vnd.oci.image.index.v1+json";
    private static final byte[] INDEX = """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}"""
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    private HttpServer upstream;
    private WharfServer wharf;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private Digest digest;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() throws Exception {
        digest = Digest.sha256Of(INDEX);
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/v2/", exchange -> {
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " accept="
                    + exchange.getRequestHeaders().getFirst("Accept"));
            if (exchange.getRequestURI().getPath().equals("/v2/team/app/manifests/v1")) {
                exchange.getResponseHeaders().set("Content-Type", INDEX_TYPE);
                exchange.getResponseHeaders().set("Docker-Content-Digest", digest.toString());
                boolean head = exchange.getRequestMethod().equals("HEAD");
                exchange.sendResponseHeaders(200, head ? -1 : INDEX.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    if (!head) {
                        out.write(INDEX);
                    }
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
                  - { key: hub, format: docker, type: remote, url: "http://127.0.0.1:%d", metadataTtl: 10m }
                """.formatted(dir.resolve("blobs"), dir.resolve("meta"), upstream.getAddress().getPort()));
        wharf = WharfServer.start(ConfigLoader.load(config, Map.of(), new BuiltInFormats()));
    }

    @AfterEach
    void tearDown() {
        wharf.stop();
        upstream.stop(0);
    }

    @Test
    void acceptIsForwardedAndContentTypeAndDigestKept() throws Exception {
        HttpResponse<byte[]> response = send("GET", "/v2/hub/team/app/manifests/v1", INDEX_TYPE);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(INDEX);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(INDEX_TYPE);
        assertThat(response.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
        assertThat(seen).containsExactly("GET /v2/team/app/manifests/v1 accept=" + INDEX_TYPE);
    }

    @Test
    void aHeadOnlyMissPersistsTheManifestAndLaterHeadsNeverCallUpstream() throws Exception {
        HttpResponse<byte[]> head = send("HEAD", "/v2/hub/team/app/manifests/v1", INDEX_TYPE);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue(String.valueOf(INDEX.length));
        assertThat(seen).hasSize(1);

        for (int i = 0; i < 5; i++) {
            assertThat(send("HEAD", "/v2/hub/team/app/manifests/v1", INDEX_TYPE).statusCode()).isEqualTo(200);
            assertThat(send("HEAD", "/v2/hub/team/app/manifests/" + digest, INDEX_TYPE).statusCode()).isEqualTo(200);
        }
        upstream.stop(0);
        HttpResponse<byte[]> byDigest = send("GET", "/v2/hub/team/app/manifests/" + digest, INDEX_TYPE);
        assertThat(byDigest.statusCode()).isEqualTo(200);
        assertThat(byDigest.body()).isEqualTo(INDEX);
        assertThat(seen).hasSize(1);
    }

    @Test
    void anUnknownTagIsManifestUnknownAndRememberedForTheNegativeTtl() throws Exception {
        HttpResponse<byte[]> first = send("GET", "/v2/hub/team/app/manifests/nope", INDEX_TYPE);
        assertThat(first.statusCode()).isEqualTo(404);
        assertThat(new String(first.body(), StandardCharsets.UTF_8)).contains("\"code\":\"MANIFEST_UNKNOWN\"");
        assertThat(send("GET", "/v2/hub/team/app/manifests/nope", INDEX_TYPE).statusCode()).isEqualTo(404);
        assertThat(seen).hasSize(1);
    }

    private HttpResponse<byte[]> send(String method, String path, String accept) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + wharf.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).header("Accept", accept).build();
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }
}
