package dev.wharf.npm;

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
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The npm format through an in-process Wharf: a remote of a fake registry, a local, a virtual over both. */
@Timeout(60)
class NpmRepositoriesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private HttpServer registry;
    private final Map<String, byte[]> upstream = new ConcurrentHashMap<>();
    private final AtomicInteger tarballGets = new AtomicInteger();
    private InProcessWharf wharf;

    @BeforeEach
    void setUp() throws IOException {
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath().substring(1);
            byte[] body = upstream.get(path);
            if (path.endsWith(".tgz")) {
                tarballGets.incrementAndGet();
            }
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        registry.start();
        wharf = InProcessWharf.start(dir, """
                repositories:
                  - { key: remote, format: npm, type: remote, url: "http://127.0.0.1:%d", metadataTtl: 1s }
                  - { key: small, format: npm, type: remote, url: "http://127.0.0.1:%d", maxPackumentBytes: 1KiB }
                  - { key: local, format: npm, type: local }
                  - { key: all, format: npm, type: virtual, members: [local, remote], deployTo: local }
                """.formatted(registry.getAddress().getPort(), registry.getAddress().getPort()));
    }

    @AfterEach
    void tearDown() {
        wharf.close();
        registry.stop(0);
    }

    @Test
    void aScopedPackumentIsServedRewrittenAndItsTarballVerifiedThenCached() throws Exception {
        byte[] tarball = "tarball bytes".getBytes(StandardCharsets.UTF_8);
        upstream.put("@acme%2fgreet", packument("@acme/greet", "1.0.0", "http://127.0.0.1:" + registry.getAddress().getPort()
                + "/@acme/greet/-/greet-1.0.0.tgz", tarball, ""));
        upstream.put("@acme/greet/-/greet-1.0.0.tgz", tarball);
        for (String name : new String[] {"@acme%2fgreet", "@acme%2Fgreet", "@acme/greet"}) {
            RawHttp.Response response = RawHttp.get(wharf.port(), "/repository/remote/" + name);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).at("/versions/1.0.0/dist/tarball").asText())
                    .isEqualTo("http://127.0.0.1:" + wharf.port() + "/repository/remote/@acme/greet/-/greet-1.0.0.tgz");
        }
        RawHttp.Response abbreviated = RawHttp.get(wharf.port(), "/repository/remote/@acme%2fgreet",
                "Accept", "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*");
        assertThat(abbreviated.header("Content-Type")).hasValue("application/vnd.npm.install-v1+json");
        assertThat(JSON.readTree(abbreviated.body()).has("readme")).isFalse();

        assertThat(RawHttp.get(wharf.port(), "/repository/remote/@acme/greet/-/greet-1.0.0.tgz").body()).isEqualTo(tarball);
        registry.stop(0);
        assertThat(RawHttp.get(wharf.port(), "/repository/remote/@acme/greet/-/greet-1.0.0.tgz").body()).isEqualTo(tarball);
        assertThat(tarballGets).hasValue(1);
        Thread.sleep(1_100);
        RawHttp.Response stale = RawHttp.get(wharf.port(), "/repository/remote/@acme%2fgreet");
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.header("Warning")).isPresent();
    }

    @Test
    void aTarballThatDoesNotMatchItsIntegrityIsNeverCached() throws Exception {
        byte[] tarball = "the real bytes".getBytes(StandardCharsets.UTF_8);
        upstream.put("left", packument("left", "1.0.0", "/left/-/left-1.0.0.tgz", tarball, ""));
        upstream.put("left/-/left-1.0.0.tgz", "other bytes!!!".getBytes(StandardCharsets.UTF_8));
        RawHttp.Response bad = RawHttp.get(wharf.port(), "/repository/remote/left/-/left-1.0.0.tgz");
        assertThat(bad.status() == 502 || !bad.complete()).as(bad.toString()).isTrue();
        upstream.put("left/-/left-1.0.0.tgz", tarball);
        RawHttp.Response good = RawHttp.get(wharf.port(), "/repository/remote/left/-/left-1.0.0.tgz");
        assertThat(good.status()).isEqualTo(200);
        assertThat(good.body()).isEqualTo(tarball);
        assertThat(tarballGets).hasValue(2);
        assertThat(RawHttp.get(wharf.port(), "/repository/remote/left/-/left-9.0.0.tgz").status()).isEqualTo(404);
    }

    @Test
    void aPackumentOverTheLimitIsAClearError() throws Exception {
        upstream.put("big", packument("big", "1.0.0", "/big/-/big-1.0.0.tgz", new byte[1], "x".repeat(2000)));
        RawHttp.Response response = RawHttp.get(wharf.port(), "/repository/small/big");
        assertThat(response.status()).isEqualTo(502);
        assertThat(JSON.readTree(response.body()).path("error").asText()).contains("maxPackumentBytes");
        assertThat(RawHttp.get(wharf.port(), "/repository/remote/-/npm/v1/security/audits/quick").status()).isEqualTo(404);
    }

    @Test
    void aPublishIsCheckedStoredServedAndNotOverwritten() throws Exception {
        byte[] tarball = "published".getBytes(StandardCharsets.UTF_8);
        byte[] wrong = publish("@corp/priv", "1.0.0", tarball, sha512("something else".getBytes(StandardCharsets.UTF_8)));
        assertThat(put("/repository/local/@corp%2fpriv", wrong).status()).isEqualTo(400);
        assertThat(RawHttp.get(wharf.port(), "/repository/local/@corp%2fpriv").status()).isEqualTo(404);

        byte[] right = publish("@corp/priv", "1.0.0", tarball, sha512(tarball));
        assertThat(put("/repository/all/@corp%2fpriv", right).status()).isEqualTo(201);
        assertThat(put("/repository/local/@corp%2fpriv", right).status()).isEqualTo(409);
        JsonNode doc = JSON.readTree(RawHttp.get(wharf.port(), "/repository/local/@corp%2fpriv").body());
        assertThat(doc.at("/dist-tags/latest").asText()).isEqualTo("1.0.0");
        assertThat(doc.at("/versions/1.0.0/dist/tarball").asText()).endsWith("/repository/local/@corp/priv/-/priv-1.0.0.tgz");
        assertThat(RawHttp.get(wharf.port(), "/repository/local/@corp/priv/-/priv-1.0.0.tgz").body()).isEqualTo(tarball);
        JsonNode merged = JSON.readTree(RawHttp.get(wharf.port(), "/repository/all/@corp%2fpriv").body());
        assertThat(merged.at("/versions/1.0.0/dist/tarball").asText()).endsWith("/repository/all/@corp/priv/-/priv-1.0.0.tgz");
        assertThat(RawHttp.get(wharf.port(), "/repository/all/@corp/priv/-/priv-1.0.0.tgz").body()).isEqualTo(tarball);
        assertThat(RawHttp.send(wharf.port(), "PUT", "/repository/remote/@corp%2fpriv",
                java.util.List.<String[]>of(new String[] {"Authorization", "Bearer " + InProcessWharf.ADMIN_TOKEN}), Duration.ofSeconds(10))
                .status()).isEqualTo(405);
    }

    @Test
    void anAnonymousAuditIsAQuestionWhileAnAnonymousPublishNeedsAToken() {
        for (String key : java.util.List.of("remote", "local", "all")) {
            RawHttp.Response audit = RawHttp.send(wharf.port(), "POST", "/repository/" + key + "/-/npm/v1/security/advisories/bulk",
                    java.util.List.of(), Duration.ofSeconds(10));
            assertThat(audit.status()).as(key).isEqualTo(404);
            assertThat(audit.body()).asString().as(key).contains("\"error\"");
        }
        RawHttp.Response publish = RawHttp.send(wharf.port(), "PUT", "/repository/local/@corp%2fpriv", java.util.List.of(),
                Duration.ofSeconds(10));
        assertThat(publish.status()).isEqualTo(401);
        RawHttp.Response post = RawHttp.send(wharf.port(), "POST", "/repository/local/-/npm/v1/other", java.util.List.of(),
                Duration.ofSeconds(10));
        assertThat(post.status()).isEqualTo(401);
    }

    private RawHttp.Response put(String target, byte[] body) {
        byte[] head = ("PUT " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + wharf.port() + "\r\nConnection: close\r\n"
                + "Authorization: Bearer " + InProcessWharf.ADMIN_TOKEN + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] raw = new byte[head.length + body.length];
        System.arraycopy(head, 0, raw, 0, head.length);
        System.arraycopy(body, 0, raw, head.length, body.length);
        return RawHttp.exchange(wharf.port(), raw, false, Duration.ofSeconds(30));
    }

    private static byte[] packument(String name, String version, String tarballUrl, byte[] tarball, String readme) throws Exception {
        return ("{\"name\":\"" + name + "\",\"readme\":\"" + readme + "\",\"dist-tags\":{\"latest\":\"" + version + "\"},"
                + "\"versions\":{\"" + version + "\":{\"name\":\"" + name + "\",\"version\":\"" + version + "\",\"dist\":{"
                + "\"tarball\":\"" + tarballUrl + "\",\"integrity\":\"sha512-" + Base64.getEncoder().encodeToString(sha512(tarball))
                + "\"}}}}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] publish(String name, String version, byte[] tarball, byte[] integrity) {
        String file = name + "-" + version + ".tgz";
        return ("{\"_id\":\"" + name + "\",\"name\":\"" + name + "\",\"dist-tags\":{\"latest\":\"" + version + "\"},"
                + "\"versions\":{\"" + version + "\":{\"name\":\"" + name + "\",\"version\":\"" + version + "\",\"dist\":{"
                + "\"tarball\":\"http://example.com/" + name + "/-/" + file + "\",\"integrity\":\"sha512-"
                + Base64.getEncoder().encodeToString(integrity) + "\"}}},\"_attachments\":{\"" + file + "\":{\"data\":\""
                + Base64.getEncoder().encodeToString(tarball) + "\",\"length\":" + tarball.length + "}}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha512(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-512").digest(bytes);
    }
}
