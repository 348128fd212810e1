package dev.wharf.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.wharf.codec.Digest;
import dev.wharf.testing.InProcessWharf;
import dev.wharf.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pypi format through an in-process Wharf: a remote of a PEP 691 JSON index (rewritten, revalidated with its
 * ETag, served stale when the index is down), the errors of the simple API, and a local's upload checks.
 */
@Timeout(60)
class PypiRepositoriesTest {
    private static final String PIP_ACCEPT = "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01";
    private static final String BOUNDARY = "wharfTestBoundary";

    @TempDir
    Path dir;
    private HttpServer index;
    private final Map<String, byte[]> upstream = new ConcurrentHashMap<>();
    private final List<String> accepts = new CopyOnWriteArrayList<>();
    private final AtomicInteger pageGets = new AtomicInteger();
    private final AtomicInteger notModified = new AtomicInteger();
    private InProcessWharf wharf;
    private byte[] wheel;

    @BeforeEach
    void setUp() throws IOException {
        wheel = wheel("demo", "1.0");
        upstream.put("/files/demo-1.0-py3-none-any.whl", wheel);
        upstream.put("/root/simple/demo/", ("{\"meta\":{\"api-version\":\"1.1\"},\"name\":\"demo\",\"versions\":[\"1.0\"],\"files\":["
                + "{\"filename\":\"demo-1.0-py3-none-any.whl\",\"url\":\"../../../files/demo-1.0-py3-none-any.whl\","
                + "\"hashes\":{\"sha256\":\"" + Digest.sha256Of(wheel).hex() + "\"},\"requires-python\":\">=3.9\","
                + "\"yanked\":\"old\",\"size\":" + wheel.length + ",\"upload-time\":\"2024-05-01T10:00:00Z\"}]}")
                .getBytes(StandardCharsets.UTF_8));
        index = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        index.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = upstream.get(path);
            boolean page = path.startsWith("/root/simple/");
            if (page) {
                pageGets.incrementAndGet();
                accepts.add(exchange.getRequestHeaders().getFirst("Accept"));
            }
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            String etag = "\"" + Digest.sha256Of(body).hex() + "\"";
            if (page && etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                notModified.incrementAndGet();
                exchange.sendResponseHeaders(304, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().set("ETag", etag);
            exchange.getResponseHeaders().set("Content-Type", page ? "application/vnd.pypi.simple.v1+json" : "application/octet-stream");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        index.start();
        wharf = InProcessWharf.start(dir, """
                repositories:
                  - { key: remote, format: pypi, type: remote, url: "http://127.0.0.1:%d/root", metadataTtl: 1s,
                      blocklist: ["packages/evil/**"] }
                  - { key: local, format: pypi, type: local }
                """.formatted(index.getAddress().getPort()));
    }

    @AfterEach
    void tearDown() {
        wharf.close();
        index.stop(0);
    }

    @Test
    void aJsonIndexIsRewrittenThroughWharfRevalidatedWithItsEtagAndServedStaleWhenDown() throws Exception {
        RawHttp.Response json = RawHttp.get(wharf.port(), "/repository/remote/simple/Demo/", "Accept", PIP_ACCEPT);
        assertThat(json.status()).as(json.toString()).isEqualTo(200);
        assertThat(json.header("Content-Type")).hasValue("application/vnd.pypi.simple.v1+json");
        assertThat(json.header("Vary")).hasValue("Accept");
        assertThat(json.text()).contains("\"url\":\"../../packages/demo/demo-1.0-py3-none-any.whl\"")
                .contains("\"requires-python\":\">=3.9\"").contains("\"yanked\":\"old\"").contains("\"size\":" + wheel.length)
                .contains("\"upload-time\":\"2024-05-01T10:00:00Z\"").doesNotContain("127.0.0.1");
        assertThat(accepts.get(0)).startsWith("application/vnd.pypi.simple.v1+json");

        RawHttp.Response html = RawHttp.get(wharf.port(), "/repository/remote/simple/demo/", "Accept", "text/html");
        assertThat(html.header("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(html.text()).contains("href=\"../../packages/demo/demo-1.0-py3-none-any.whl#sha256=" + Digest.sha256Of(wheel).hex())
                .contains("data-yanked=\"old\"");
        assertThat(pageGets).as("both forms from one cached copy").hasValue(1);

        RawHttp.Response file = RawHttp.get(wharf.port(), "/repository/remote/packages/demo/demo-1.0-py3-none-any.whl");
        assertThat(file.status()).as(file.toString()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(wheel);

        Thread.sleep(1_100);
        assertThat(RawHttp.get(wharf.port(), "/repository/remote/simple/demo/", "Accept", PIP_ACCEPT).status()).isEqualTo(200);
        assertThat(notModified).hasValue(1);

        index.stop(0);
        Thread.sleep(1_100);
        RawHttp.Response stale = RawHttp.get(wharf.port(), "/repository/remote/simple/demo/", "Accept", PIP_ACCEPT);
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.header("Warning")).isPresent();
        assertThat(RawHttp.get(wharf.port(), "/repository/remote/packages/demo/demo-1.0-py3-none-any.whl").body()).isEqualTo(wheel);
    }

    @Test
    void theSimpleApiAnswersItsErrorsClearly() {
        assertThat(RawHttp.get(wharf.port(), "/repository/remote/simple/nothing/", "Accept", PIP_ACCEPT).status()).isEqualTo(404);
        assertThat(RawHttp.get(wharf.port(), "/repository/remote/simple/demo/", "Accept", "application/xml").status()).isEqualTo(406);
        assertThat(RawHttp.get(wharf.port(), "/repository/remote/packages/demo/not-listed-1.0.tar.gz").status()).isEqualTo(404);
        assertThat(RawHttp.get(wharf.port(), "/repository/remote/packages/demo/demo-1.0-py3-none-any.whl.metadata").status())
                .as("the index serves no core metadata for it").isEqualTo(404);
        assertThat(RawHttp.get(wharf.port(), "/repository/remote/packages/evil/evil-1.0.tar.gz").status()).isEqualTo(403);
        assertThat(RawHttp.get(wharf.port(), "/repository/remote/other").status()).isEqualTo(404);
        RawHttp.Response post = upload("remote", fields("demo", "sha256_digest", ""), "demo-1.0.tar.gz", "x".getBytes(StandardCharsets.UTF_8));
        assertThat(post.status()).as(post.toString()).isEqualTo(405);
    }

    @Test
    void aLocalUploadIsCheckedBeforeAnythingIsListed() {
        byte[] sdist = "not really a tarball".getBytes(StandardCharsets.UTF_8);
        assertThat(RawHttp.exchange(wharf.port(), request("/repository/local/", "Content-Type: application/json\r\nAuthorization: Bearer " + InProcessWharf.ADMIN_TOKEN + "\r\n",
                "{}".getBytes(StandardCharsets.UTF_8)), false, Duration.ofSeconds(10)).status()).isEqualTo(400);
        assertThat(upload("local", fields("demo", "sha256_digest", ""), "demo.exe", sdist).status()).isEqualTo(400);
        assertThat(upload("local", fields("other", "sha256_digest", ""), "demo-1.0.tar.gz", sdist).status()).isEqualTo(400);
        RawHttp.Response mismatch = upload("local", fields("demo", "sha256_digest", "0".repeat(64)), "demo-1.0.tar.gz", sdist);
        assertThat(mismatch.status()).as(mismatch.toString()).isEqualTo(400);
        assertThat(mismatch.text()).contains("sha256_digest");
        assertThat(RawHttp.get(wharf.port(), "/repository/local/simple/demo/", "Accept", PIP_ACCEPT).status()).isEqualTo(404);
        assertThat(RawHttp.get(wharf.port(), "/repository/local/packages/demo/demo-1.0.tar.gz").status()).isEqualTo(404);

        RawHttp.Response ok = upload("local", fields("Demo", "sha256_digest", Digest.sha256Of(sdist).hex()), "demo-1.0.tar.gz", sdist);
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(upload("local", fields("demo", "sha256_digest", ""), "demo-1.0.tar.gz", sdist).status()).isEqualTo(409);
        assertThat(RawHttp.get(wharf.port(), "/repository/local/packages/demo/demo-1.0.tar.gz").body()).isEqualTo(sdist);
        assertThat(RawHttp.get(wharf.port(), "/repository/local/packages/demo/demo-1.0.tar.gz.metadata").status()).isEqualTo(404);
        assertThat(RawHttp.get(wharf.port(), "/repository/local/simple/demo/", "Accept", PIP_ACCEPT).text())
                .contains("\"filename\":\"demo-1.0.tar.gz\"").doesNotContain("core-metadata");
        RawHttp.Response yank = RawHttp.send(wharf.port(), "DELETE", "/repository/local/packages/demo/nothing-1.0.tar.gz",
                List.<String[]>of(new String[] {"Authorization", "Bearer " + InProcessWharf.ADMIN_TOKEN}), Duration.ofSeconds(5));
        assertThat(yank.status()).isEqualTo(404);
    }

    private static String[][] fields(String name, String digestField, String digest) {
        return new String[][] {{":action", "file_upload"}, {"protocol_version", "1"}, {"name", name}, {"version", "1.0"},
                {"filetype", "sdist"}, {digestField, digest}};
    }

    private RawHttp.Response upload(String key, String[][] fields, String filename, byte[] content) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String[] field : fields) {
            body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field[0] + "\"\r\n\r\n" + field[1] + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"content\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return RawHttp.exchange(wharf.port(), request("/repository/" + key + "/", "Content-Type: multipart/form-data; boundary="
                + BOUNDARY + "\r\nAuthorization: Bearer " + InProcessWharf.ADMIN_TOKEN + "\r\n", body.toByteArray()), false,
                Duration.ofSeconds(10));
    }

    private static byte[] request(String path, String headers, byte[] body) {
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n"
                + headers + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    private static byte[] wheel(String name, String version) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(name + "-" + version + ".dist-info/METADATA"));
            zip.write(("Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return out.toByteArray();
    }
}
