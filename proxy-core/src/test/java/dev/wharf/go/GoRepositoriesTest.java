package dev.wharf.go;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.wharf.testing.InProcessWharf;
import dev.wharf.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Go module repositories through an in-process Wharf: the edges the go command meets less often than a build. */
@Timeout(60)
class GoRepositoriesTest {
    @TempDir
    Path dir;
    private HttpServer proxy;
    private final Map<String, byte[]> upstream = new ConcurrentHashMap<>();
    private InProcessWharf wharf;

    @BeforeEach
    void setUp() throws IOException {
        proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath().substring(1);
            byte[] body = upstream.get(path);
            if (body == null) {
                // What a public module proxy answers for a module it does not have.
                exchange.sendResponseHeaders(path.startsWith("gone/") ? 410 : 404, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        proxy.start();
        String base = "http://127.0.0.1:" + proxy.getAddress().getPort();
        wharf = InProcessWharf.start(dir, """
                repositories:
                  - { key: remote, format: go, type: remote, url: "%s/gone", blocklist: ["example.com/evil/**"] }
                  - { key: withsum, format: go, type: remote, url: "%s/gone", sumdb: "%s/sum" }
                  - { key: local, format: go, type: local }
                  - { key: all, format: go, type: virtual, members: [local, remote] }
                """.formatted(base, base, base));
    }

    @AfterEach
    void tearDown() {
        wharf.close();
        proxy.stop(0);
    }

    @Test
    void aGoneModuleIsNotFoundAndRemotesAreReadOnly() {
        RawHttp.Response gone = RawHttp.get(wharf.port(), "/repository/remote/example.com/m/@v/list");
        assertThat(gone.status()).as(gone.toString()).isEqualTo(404);
        assertThat(RawHttp.get(wharf.port(), "/repository/all/example.com/m/@v/list").status()).isEqualTo(404);
        assertThat(RawHttp.get(wharf.port(), "/repository/remote/example.com/evil/x/@v/list").status()).isEqualTo(403);
        assertThat(RawHttp.get(wharf.port(), "/repository/remote/Example.com/m/@v/list").status()).isEqualTo(400);
        assertThat(RawHttp.get(wharf.port(), "/repository/remote/example.com/m/@v/v1.0.zip").status()).isEqualTo(400);
        assertThat(RawHttp.get(wharf.port(), "/repository/remote/example.com/m").status()).isEqualTo(404);
        assertThat(put("/repository/remote/example.com/m/@v/v1.0.0.zip", new byte[] {1}).status()).isEqualTo(405);
        assertThat(put("/repository/all/example.com/m/@v/v1.0.0.zip", new byte[] {1}).status()).as("no deployTo").isEqualTo(405);
    }

    @Test
    void theChecksumDatabaseIsProxiedOnlyWhereConfigured() {
        upstream.put("sum/lookup/example.com/m@v1.0.0", "42\nexample.com/m v1.0.0 h1:abc=\n".getBytes(StandardCharsets.UTF_8));
        RawHttp.Response supported = RawHttp.get(wharf.port(), "/repository/withsum/sumdb/127.0.0.1/supported");
        assertThat(supported.status()).isEqualTo(200);
        RawHttp.Response lookup = RawHttp.get(wharf.port(), "/repository/withsum/sumdb/127.0.0.1/lookup/example.com/m@v1.0.0");
        assertThat(lookup.status()).as(lookup.toString()).isEqualTo(200);
        assertThat(lookup.text()).startsWith("42\n");
        assertThat(RawHttp.get(wharf.port(), "/repository/withsum/sumdb/sum.example.com/supported").status()).isEqualTo(404);
        assertThat(RawHttp.get(wharf.port(), "/repository/remote/sumdb/127.0.0.1/supported").status()).isEqualTo(404);
    }

    @Test
    void aLocalChecksWhatIsPublished() {
        String module = "/repository/local/example.com/m/@v/";
        assertThat(put(module + "v1.0.0.zip", zip("example.com/other@v1.0.0/a.go", "package m")).text()).contains("not under");
        RawHttp.Response wrongMod = put(module + "v1.0.0.zip", zip("example.com/m@v1.0.0/go.mod", "module example.com/x\n"));
        assertThat(wrongMod.status()).isEqualTo(400);
        assertThat(wrongMod.text()).contains("declares module example.com/x");
        assertThat(put(module + "v1.0.0.zip", "not a zip".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(400);
        assertThat(put(module + "v2.0.0.zip", zip("example.com/m@v2.0.0/a.go", "package m")).text()).contains("/v2");
        assertThat(RawHttp.get(wharf.port(), module + "list").status()).as("nothing half-published").isEqualTo(404);

        assertThat(put(module + "v1.0.0.mod", "module example.com/x\n".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(400);
        assertThat(put(module + "v1.0.0.info", "{\"Version\":\"v1.0.1\"}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(400);
        byte[] goMod = "module example.com/m\n\ngo 1.18\n".getBytes(StandardCharsets.UTF_8);
        assertThat(put(module + "v1.0.0.mod", goMod).status()).isEqualTo(201);
        assertThat(put(module + "v1.0.0.zip", zip("example.com/m@v1.0.0/go.mod", "module example.com/m\n")).text())
                .as("the zip's go.mod must be the published .mod").contains("differs");
        Map<String, String> files = new LinkedHashMap<>();
        files.put("example.com/m@v1.0.0/go.mod", new String(goMod, StandardCharsets.UTF_8));
        files.put("example.com/m@v1.0.0/m.go", "package m\n");
        byte[] good = zip(files);
        assertThat(put(module + "v1.0.0.zip", good).status()).isEqualTo(201);
        assertThat(put(module + "v1.0.0.zip", good).status()).isEqualTo(409);
        assertThat(put(module + "v1.1.0-rc.1.zip", zip("example.com/m@v1.1.0-rc.1/m.go", "package m")).status()).isEqualTo(201);

        assertThat(RawHttp.get(wharf.port(), module + "list").text()).isEqualTo("v1.0.0\nv1.1.0-rc.1\n");
        assertThat(RawHttp.get(wharf.port(), module + "v1.0.0.zip").body()).isEqualTo(good);
        assertThat(RawHttp.get(wharf.port(), module + "v1.0.0.mod").body()).isEqualTo(goMod);
        assertThat(RawHttp.get(wharf.port(), module + "v1.1.0-rc.1.mod").text()).isEqualTo("module example.com/m\n");
        assertThat(RawHttp.get(wharf.port(), "/repository/local/example.com/m/@latest").text()).contains("\"Version\":\"v1.0.0\"");
        assertThat(RawHttp.get(wharf.port(), "/repository/all/example.com/m/@latest").text()).contains("\"Version\":\"v1.0.0\"");
        assertThat(RawHttp.get(wharf.port(), "/repository/all/example.com/m/@v/list").text()).isEqualTo("v1.0.0\nv1.1.0-rc.1\n");
    }

    private RawHttp.Response put(String path, byte[] body) {
        byte[] head = ("PUT " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer "
                + InProcessWharf.ADMIN_TOKEN + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return RawHttp.exchange(wharf.port(), all, false, Duration.ofSeconds(20));
    }

    private static byte[] zip(String name, String content) {
        return zip(Map.of(name, content));
    }

    private static byte[] zip(Map<String, String> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
