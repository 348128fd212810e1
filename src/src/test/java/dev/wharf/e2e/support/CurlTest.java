package dev.wharf.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The curl helper against a JDK HTTP server (which answers {@code Expect: 100-continue} itself): uploads
 * report the interim 100 and the final status, bodies are hashed whole and kept only up to 1 MiB, HEAD,
 * ranges and DELETE send what they say.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@RequiredProgram(value = Curl.PROGRAM, debianPackage = Curl.DEBIAN_PACKAGE)
class CurlTest {
    private static final int BIG = 3 << 20;

    @TempDir
    Path tmp;
    private FakeHttp server;
    private Curl curl;
    private String url;

    @BeforeEach
    void start() {
        server = new FakeHttp("curl-test", CurlTest::handle);
        curl = Curl.in(tmp.resolve("curl"), Duration.ofSeconds(20));
        url = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anUploadSeesTheInterimContinueAndTheFinalStatus() {
        SeededFile file = SeededFile.write(tmp.resolve("up.bin"), 5, 2 << 20);

        Curl.Response put = curl.upload(url + "/upload", file.path());

        assertThat(put.interimStatuses()).as(put.toString()).containsExactly(100);
        assertThat(put.status()).isEqualTo(201);
        assertThat(put.text()).isEqualTo("PUT " + file.digest());
        assertThat(put.header("X-Method")).hasValue("PUT");
    }

    @Test
    void aLargeBodyIsHashedWholeAndKeptOnlyInPart() {
        Curl.Response get = curl.get(url + "/big");

        assertThat(get.completed()).as(get.toString()).isTrue();
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.interimStatuses()).isEmpty();
        assertThat(get.size()).isEqualTo(BIG);
        assertThat(get.digest()).isEqualTo(Sha256.of(PseudoRandomBytes.array(9, BIG)));
        assertThat(get.kept()).hasSize(Curl.KEPT_BYTES);
        assertThatThrownBy(get::body).hasMessageContaining("more than the");
    }

    @Test
    void headRangeAndDeleteSendTheirMethodAndHeaders() {
        Curl.Response head = curl.head(url + "/big");
        assertThat(head.header("X-Method")).as(head.toString()).hasValue("HEAD");
        assertThat(head.header("content-length")).hasValue(Integer.toString(BIG));
        assertThat(head.size()).isZero();

        Curl.Response range = curl.range(url + "/echo", 100, 199);
        assertThat(range.header("X-Range")).as(range.toString()).hasValue("bytes=100-199");

        Curl.Response delete = curl.delete(url + "/gone");
        assertThat(delete.status()).isEqualTo(204);
        assertThat(delete.header("X-Method")).hasValue("DELETE");

        Curl.Response json = curl.get(url + "/echo", "X-Test: a b");
        assertThat(json.json().path("x-test").asText()).isEqualTo("a b");
    }

    private static void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        exchange.getResponseHeaders().set("X-Method", method);
        String path = exchange.getRequestURI().getPath();
        if (method.equals("PUT")) {
            String digest;
            try (InputStream body = exchange.getRequestBody()) {
                digest = Sha256.ofStream(body);
            }
            send(exchange, 201, ("PUT " + digest).getBytes(StandardCharsets.UTF_8));
        } else if (method.equals("DELETE")) {
            exchange.sendResponseHeaders(204, -1);
        } else if (path.equals("/big")) {
            if (method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Content-Length", Integer.toString(BIG));
                exchange.sendResponseHeaders(200, -1);
            } else {
                send(exchange, 200, PseudoRandomBytes.array(9, BIG));
            }
        } else {
            String range = exchange.getRequestHeaders().getFirst("Range");
            if (range != null) {
                exchange.getResponseHeaders().set("X-Range", range);
            }
            String test = String.valueOf(exchange.getRequestHeaders().getFirst("X-Test"));
            send(exchange, 200, ("{\"x-test\":\"" + test + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        exchange.close();
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
