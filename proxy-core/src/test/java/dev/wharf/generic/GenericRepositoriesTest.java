package dev.wharf.generic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.wharf.testing.InProcessWharf;
import dev.wharf.testing.RawHttp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The generic format through an in-process Wharf: a remote of a file server, a local, a virtual over both. */
@Timeout(60)
class GenericRepositoriesTest {
    private static final List<String[]> ADMIN = List.<String[]>of(new String[] {"Authorization", "Bearer " + InProcessWharf.ADMIN_TOKEN});
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private HttpServer files;
    private final Map<String, byte[]> upstream = new ConcurrentHashMap<>();
    private final Map<String, String> etags = new ConcurrentHashMap<>();
    private final AtomicInteger gets = new AtomicInteger();
    private final AtomicInteger notModified = new AtomicInteger();
    private InProcessWharf wharf;

    @BeforeEach
    void setUp() throws IOException {
        files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        files.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath().substring(1);
            byte[] body = upstream.get(path);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            gets.incrementAndGet();
            String etag = etags.get(path);
            if (etag != null && etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                notModified.incrementAndGet();
                exchange.sendResponseHeaders(304, -1);
                exchange.close();
                return;
            }
            if (etag != null) {
                exchange.getResponseHeaders().set("ETag", etag);
            }
            exchange.getResponseHeaders().set("Content-Type", "application/x-test");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        files.start();
        wharf = InProcessWharf.start(dir, """
                repositories:
                  - { key: files, format: generic, type: remote, url: "http://127.0.0.1:%d/dl", metadataTtl: 1s,
                      mutable: ["**/latest/*"] }
                  - { key: local, format: generic, type: local }
                  - { key: both, format: generic, type: virtual, members: [local, files], deployTo: local }
                """.formatted(files.getAddress().getPort()));
    }

    @AfterEach
    void tearDown() {
        wharf.close();
        files.stop(0);
    }

    @Test
    void aRemoteFileIsFetchedOnceAndServedFromTheCacheWithRanges() {
        byte[] content = random(300_000);
        upstream.put("dl/tools/v1/tool.tar.gz", content);
        RawHttp.Response first = RawHttp.get(wharf.port(), "/repository/files/tools/v1/tool.tar.gz");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.body()).isEqualTo(content);
        files.stop(0);
        RawHttp.Response again = RawHttp.get(wharf.port(), "/repository/files/tools/v1/tool.tar.gz");
        assertThat(again.body()).isEqualTo(content);
        RawHttp.Response range = RawHttp.get(wharf.port(), "/repository/files/tools/v1/tool.tar.gz", "Range", "bytes=100-199");
        assertThat(range.status()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(content, 100, 200));
        assertThat(gets).hasValue(1);
    }

    @Test
    void aMutableFileIsRevalidatedWithItsETag() throws Exception {
        upstream.put("dl/app/latest/version.txt", "1.0".getBytes(StandardCharsets.UTF_8));
        etags.put("dl/app/latest/version.txt", "\"v1\"");
        assertThat(RawHttp.get(wharf.port(), "/repository/files/app/latest/version.txt").text()).isEqualTo("1.0");
        Thread.sleep(1_100);
        assertThat(RawHttp.get(wharf.port(), "/repository/files/app/latest/version.txt").text()).isEqualTo("1.0");
        assertThat(notModified).hasValue(1);
        upstream.put("dl/app/latest/version.txt", "2.0".getBytes(StandardCharsets.UTF_8));
        etags.put("dl/app/latest/version.txt", "\"v2\"");
        Thread.sleep(1_100);
        assertThat(RawHttp.get(wharf.port(), "/repository/files/app/latest/version.txt").text()).isEqualTo("2.0");
        files.stop(0);
        Thread.sleep(1_100);
        RawHttp.Response stale = RawHttp.get(wharf.port(), "/repository/files/app/latest/version.txt");
        assertThat(stale.text()).isEqualTo("2.0");
        assertThat(stale.header("Warning")).isPresent();
    }

    @Test
    void aMissingRemoteFileIsA404WithAMessage() {
        RawHttp.Response missing = RawHttp.get(wharf.port(), "/repository/files/none.bin");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(RawHttp.send(wharf.port(), "PUT", "/repository/files/x", ADMIN, Duration.ofSeconds(5)).status()).isEqualTo(405);
    }

    @Test
    void aLocalFileIsPutReadRefusedAgainDeletedAndListed() throws Exception {
        byte[] content = random(200_000);
        RawHttp.Response put = put("/repository/local/a/b/file.bin", content);
        assertThat(put.status()).as(put.toString()).isEqualTo(201);
        assertThat(put.header("Location")).hasValue("/repository/local/a/b/file.bin");
        assertThat(put("/repository/local/a/b/file.bin", content).status()).isEqualTo(409);
        assertThat(put("/repository/local/a/c.txt", "c".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(201);

        assertThat(RawHttp.get(wharf.port(), "/repository/local/a/b/file.bin").body()).isEqualTo(content);
        RawHttp.Response head = RawHttp.head(wharf.port(), "/repository/local/a/b/file.bin");
        assertThat(head.header("Content-Length")).hasValue(Integer.toString(content.length));

        JsonNode listing = JSON.readTree(RawHttp.get(wharf.port(), "/repository/local/a/").body());
        assertThat(listing.path("children").toString()).contains("\"name\":\"b/\"", "\"name\":\"c.txt\"");

        assertThat(RawHttp.send(wharf.port(), "DELETE", "/repository/local/a/b/file.bin", ADMIN, Duration.ofSeconds(5))
                .status()).isEqualTo(204);
        assertThat(RawHttp.get(wharf.port(), "/repository/local/a/b/file.bin").status()).isEqualTo(404);
    }

    @Test
    void aChecksumThatDoesNotMatchRefusesTheUploadAndStoresNothing() {
        RawHttp.Response put = RawHttp.exchange(wharf.port(), request("PUT", "/repository/local/x.bin",
                "X-Checksum-Sha256: " + "0".repeat(64) + "\r\nContent-Length: 3\r\n", "abc".getBytes(StandardCharsets.UTF_8)),
                false, Duration.ofSeconds(10));
        assertThat(put.status()).as(put.toString()).isEqualTo(400);
        assertThat(RawHttp.get(wharf.port(), "/repository/local/x.bin").status()).isEqualTo(404);
    }

    @Test
    void pathsCannotLeaveTheirRepository() {
        for (String path : List.of("/repository/local/../files/x", "/repository/local/%2e%2e/x", "/repository/local/a%2fb")) {
            assertThat(RawHttp.get(wharf.port(), path).status()).as(path).isEqualTo(400);
        }
        assertThat(RawHttp.get(wharf.port(), "/repository/nosuch/x").status()).isEqualTo(404);
    }

    @Test
    void aVirtualServesItsMembersInOrderAndWritesToDeployTo() {
        upstream.put("dl/shared.txt", "remote".getBytes(StandardCharsets.UTF_8));
        upstream.put("dl/only-remote.txt", "remote only".getBytes(StandardCharsets.UTF_8));
        assertThat(put("/repository/local/shared.txt", "local".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(201);
        assertThat(RawHttp.get(wharf.port(), "/repository/both/shared.txt").text()).isEqualTo("local");
        assertThat(RawHttp.get(wharf.port(), "/repository/both/only-remote.txt").text()).isEqualTo("remote only");
        assertThat(RawHttp.get(wharf.port(), "/repository/both/nowhere.txt").status()).isEqualTo(404);
        assertThat(put("/repository/both/new.txt", "deployed".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(201);
        assertThat(RawHttp.get(wharf.port(), "/repository/local/new.txt").text()).isEqualTo("deployed");
    }

    private RawHttp.Response put(String path, byte[] body) {
        return RawHttp.exchange(wharf.port(), request("PUT", path, "Content-Length: " + body.length + "\r\n", body), false,
                Duration.ofSeconds(20));
    }

    private byte[] request(String method, String path, String headers, byte[] body) {
        byte[] head = (method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer "
                + InProcessWharf.ADMIN_TOKEN + "\r\n" + headers + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }
}
