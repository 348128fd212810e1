package dev.wharf.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.wharf.testing.InProcessWharf;
import dev.wharf.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The terraform format through an in-process Wharf: a remote of an in-process provider registry, a local with a
 * signing key, a virtual over both; the documents of both protocols field by field, {@code h1:} hashes against an
 * independent computation, packages verified against SHA256SUMS.
 */
@Timeout(120)
class TerraformRepositoriesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSPHRASE = "test passphrase";
    private static final String AUTH = "Authorization: Bearer " + InProcessWharf.ADMIN_TOKEN + "\r\n";

    @TempDir
    Path dir;
    private HttpServer registry;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> gets = new ConcurrentHashMap<>();
    private InProcessWharf wharf;
    private Pkg demo;

    /** A package: its name, bytes, sha256 hex and independently computed h1. */
    private record Pkg(String name, byte[] zip, String sha256, String h1) {
    }

    @BeforeEach
    void setUp() throws Exception {
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath().substring(1);
            gets.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            byte[] body = files.get(path);
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
        demo = pkg("demo", "1.0.0", "linux_amd64", "hello");
        publish("wharf", "demo", "1.0.0", "linux_amd64", demo, demo.sha256());
        String key = TestSigningKey.armoredSecret(PASSPHRASE);
        wharf = InProcessWharf.start(dir, """
                repositories:
                  - { key: tf, format: terraform, type: remote, url: "http://127.0.0.1:%d", blocklist: ["wharf/secret"], metadataTtl: 1s }
                  - { key: tflocal, format: terraform, type: local, signingKey: %s, signingKeyPassphrase: "%s" }
                  - { key: tfall, format: terraform, type: virtual, members: [tflocal, tf], deployTo: tflocal }
                """.formatted(registry.getAddress().getPort(), JSON.writeValueAsString(key), PASSPHRASE));
    }

    @AfterEach
    void tearDown() {
        wharf.close();
        registry.stop(0);
    }

    @Test
    void aRemoteServesTheMirrorProtocolWithBothHashesAndFillsThePackageOnce() throws Exception {
        JsonNode index = json(get("/repository/tf/registry.example.com/wharf/demo/index.json"));
        assertThat(index.toString()).isEqualTo("{\"versions\":{\"1.0.0\":{}}}");
        JsonNode before = json(get("/repository/tf/registry.example.com/wharf/demo/1.0.0.json"));
        assertThat(before.path("archives").path("linux_amd64").path("url").asText()).isEqualTo(demo.name());
        assertThat(before.path("archives").path("linux_amd64").path("hashes").toString()).isEqualTo("[\"zh:" + demo.sha256() + "\"]");

        RawHttp.Response zip = get("/repository/tf/registry.example.com/wharf/demo/" + demo.name());
        assertThat(zip.status()).isEqualTo(200);
        assertThat(zip.body()).isEqualTo(demo.zip());
        assertThat(get("/repository/tf/wharf/demo/" + demo.name()).body()).isEqualTo(demo.zip());
        assertThat(gets.get("files/" + demo.name())).hasValue(1);

        JsonNode after = json(get("/repository/tf/registry.example.com/wharf/demo/1.0.0.json"));
        assertThat(after.path("archives").path("linux_amd64").path("hashes").toString())
                .isEqualTo("[\"" + demo.h1() + "\",\"zh:" + demo.sha256() + "\"]");
    }

    @Test
    void aRemoteServesTheRegistryProtocolPointingAtWharfWithTheShasumsUnchanged() throws Exception {
        JsonNode discovery = json(get("/repository/tf/.well-known/terraform.json"));
        assertThat(discovery.path("providers.v1").asText()).isEqualTo("/repository/tf/v1/providers/");
        JsonNode versions = json(get("/repository/tf/v1/providers/wharf/demo/versions"));
        assertThat(versions.toString()).isEqualTo(
                "{\"versions\":[{\"version\":\"1.0.0\",\"protocols\":[\"5.0\"],\"platforms\":[{\"os\":\"linux\",\"arch\":\"amd64\"}]}]}");
        JsonNode download = json(get("/repository/tf/v1/providers/wharf/demo/1.0.0/download/linux/amd64"));
        String base = wharf.url() + "/repository/tf/";
        assertThat(download.path("download_url").asText()).isEqualTo(base + "wharf/demo/" + demo.name());
        assertThat(download.path("shasums_url").asText()).isEqualTo(base + "v1/providers/wharf/demo/1.0.0/SHA256SUMS");
        assertThat(download.path("shasums_signature_url").asText()).isEqualTo(base + "v1/providers/wharf/demo/1.0.0/SHA256SUMS.sig");
        assertThat(download.path("shasum").asText()).isEqualTo(demo.sha256());
        assertThat(download.path("filename").asText()).isEqualTo(demo.name());
        assertThat(download.path("signing_keys").path("gpg_public_keys").path(0).path("key_id").asText()).isEqualTo("0123456789ABCDEF");
        assertThat(get("/repository/tf/v1/providers/wharf/demo/1.0.0/SHA256SUMS").body()).isEqualTo(files.get("files/demo/SHA256SUMS"));
        assertThat(get("/repository/tf/v1/providers/wharf/demo/1.0.0/SHA256SUMS.sig").body()).isEqualTo(files.get("files/demo/SHA256SUMS.sig"));
        assertThat(get("/repository/tf/v1/providers/wharf/none/versions").status()).isEqualTo(404);
    }

    @Test
    void aPackageThatSha256SumsDoesNotDescribeIsNeverServedComplete() throws Exception {
        Pkg bad = pkg("bad", "1.0.0", "linux_amd64", "tampered");
        String claimed = "0".repeat(64);
        publish("wharf", "bad", "1.0.0", "linux_amd64", bad, claimed);
        for (int i = 0; i < 2; i++) {
            RawHttp.Response response = get("/repository/tf/wharf/bad/" + bad.name());
            assertThat(response.status() == 200 && response.complete() && Arrays.equals(response.body(), bad.zip()))
                    .as(response.toString()).isFalse();
        }
        RawHttp.Response version = get("/repository/tf/registry.example.com/wharf/bad/1.0.0.json");
        assertThat(version.text()).doesNotContain("h1:");
    }

    @Test
    void withTheUpstreamDownStaleDocumentsAreServedWithAWarningAndUncachedOnesAre502() throws Exception {
        assertThat(get("/repository/tf/v1/providers/wharf/demo/versions").status()).isEqualTo(200);
        assertThat(get("/repository/tf/wharf/demo/" + demo.name()).status()).isEqualTo(200);
        registry.stop(0);
        Thread.sleep(1_200);
        RawHttp.Response stale = get("/repository/tf/v1/providers/wharf/demo/versions");
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.header("Warning")).isPresent();
        assertThat(get("/repository/tf/wharf/demo/" + demo.name()).body()).isEqualTo(demo.zip());
        RawHttp.Response uncached = get("/repository/tf/v1/providers/wharf/other/versions");
        assertThat(uncached.status()).isIn(502, 504);
        assertThat(json(uncached).path("errors").path(0).asText()).isNotBlank();
    }

    @Test
    void blockedProvidersAre403InBothProtocols() {
        assertThat(get("/repository/tf/v1/providers/wharf/secret/versions").status()).isEqualTo(403);
        assertThat(get("/repository/tf/registry.example.com/wharf/secret/index.json").status()).isEqualTo(403);
        assertThat(get("/repository/tf/wharf/secret/terraform-provider-secret_1.0.0_linux_amd64.zip").status()).isEqualTo(403);
    }

    @Test
    void aLocalTakesPackagesRefusesOverwritesAndBadNamesAndSignsItsSha256Sums() throws Exception {
        Pkg mine = pkg("mine", "0.1.0", "linux_amd64", "mine");
        String path = "/repository/tflocal/acme/mine/" + mine.name();
        RawHttp.Response created = put(path, mine.zip());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(json(created).path("hashes").toString()).isEqualTo("[\"" + mine.h1() + "\",\"zh:" + mine.sha256() + "\"]");
        RawHttp.Response again = put(path, mine.zip());
        assertThat(again.status()).isEqualTo(409);
        assertThat(json(again).path("errors").path(0).asText()).contains("exists");
        assertThat(put("/repository/tflocal/acme/mine/mine.zip", mine.zip()).status()).isEqualTo(400);
        assertThat(put("/repository/tflocal/acme/other/" + mine.name(), mine.zip()).status()).isEqualTo(400);
        assertThat(put("/repository/tflocal/Acme!/mine/" + mine.name(), mine.zip()).status()).isEqualTo(400);
        assertThat(put("/repository/tflocal/acme/mine/terraform-provider-mine_0.2.0_linux_amd64.zip",
                "not a zip".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(400);
        assertThat(put("/repository/tf/acme/mine/" + mine.name(), mine.zip()).status()).isEqualTo(405);

        assertThat(get(path).body()).isEqualTo(mine.zip());
        assertThat(json(get("/repository/tflocal/any.example.com/acme/mine/index.json")).toString())
                .isEqualTo("{\"versions\":{\"0.1.0\":{}}}");
        assertThat(json(get("/repository/tflocal/any.example.com/acme/mine/0.1.0.json")).toString()).isEqualTo(
                "{\"archives\":{\"linux_amd64\":{\"url\":\"" + mine.name() + "\",\"hashes\":[\"" + mine.h1() + "\",\"zh:"
                        + mine.sha256() + "\"]}}}");
        JsonNode download = json(get("/repository/tflocal/v1/providers/acme/mine/0.1.0/download/linux/amd64"));
        assertThat(download.path("shasum").asText()).isEqualTo(mine.sha256());
        assertThat(download.path("download_url").asText()).isEqualTo(wharf.url() + path);
        byte[] sums = get("/repository/tflocal/v1/providers/acme/mine/0.1.0/SHA256SUMS").body();
        assertThat(new String(sums, StandardCharsets.UTF_8)).isEqualTo(mine.sha256() + "  " + mine.name() + "\n");
        byte[] signature = get("/repository/tflocal/v1/providers/acme/mine/0.1.0/SHA256SUMS.sig").body();
        String publicKey = download.path("signing_keys").path("gpg_public_keys").path(0).path("ascii_armor").asText();
        assertThat(TestSigningKey.verifies(publicKey, sums, signature)).isTrue();
        assertThat(TestSigningKey.verifies(publicKey, "other".getBytes(StandardCharsets.UTF_8), signature)).isFalse();

        assertThat(send("DELETE", path, new byte[0]).status()).isEqualTo(204);
        assertThat(send("DELETE", path, new byte[0]).status()).isEqualTo(404);
        assertThat(get("/repository/tflocal/v1/providers/acme/mine/versions").status()).isEqualTo(404);
    }

    @Test
    void aVirtualMergesVersionsAndArchivesAndWritesToDeployTo() throws Exception {
        Pkg arm = pkg("demo", "1.0.0", "linux_arm64", "arm");
        Pkg two = pkg("demo", "2.0.0", "linux_amd64", "two");
        assertThat(put("/repository/tfall/wharf/demo/" + arm.name(), arm.zip()).status()).isEqualTo(201);
        assertThat(put("/repository/tflocal/wharf/demo/" + two.name(), two.zip()).status()).isEqualTo(201);
        JsonNode versions = json(get("/repository/tfall/v1/providers/wharf/demo/versions"));
        assertThat(versions.path("versions").findValuesAsText("version")).containsExactly("1.0.0", "2.0.0");
        assertThat(versions.path("versions").path(0).path("platforms").findValuesAsText("arch")).containsExactly("arm64", "amd64");
        JsonNode archives = json(get("/repository/tfall/h.example.com/wharf/demo/1.0.0.json")).path("archives");
        assertThat(archives.path("linux_arm64").path("hashes").toString()).isEqualTo("[\"" + arm.h1() + "\",\"zh:" + arm.sha256() + "\"]");
        assertThat(archives.path("linux_amd64").path("hashes").toString()).isEqualTo("[\"zh:" + demo.sha256() + "\"]");
        assertThat(get("/repository/tfall/h.example.com/wharf/demo/" + demo.name()).body()).isEqualTo(demo.zip());
        assertThat(get("/repository/tfall/h.example.com/wharf/demo/" + arm.name()).body()).isEqualTo(arm.zip());
        JsonNode download = json(get("/repository/tfall/v1/providers/wharf/demo/1.0.0/download/linux/amd64"));
        assertThat(download.path("download_url").asText()).isEqualTo(wharf.url() + "/repository/tf/wharf/demo/" + demo.name());
    }

    private void publish(String namespace, String type, String version, String platform, Pkg pkg, String claimedSha) {
        String os = platform.substring(0, platform.indexOf('_'));
        String arch = platform.substring(platform.indexOf('_') + 1);
        files.put(".well-known/terraform.json", utf8("{\"providers.v1\": \"/v1/providers/\"}"));
        files.put("v1/providers/" + namespace + "/" + type + "/versions", utf8("{\"versions\": [{\"version\": \"" + version
                + "\", \"protocols\": [\"5.0\"], \"platforms\": [{\"os\": \"" + os + "\", \"arch\": \"" + arch + "\"}]}]}"));
        // Relative URLs, resolved against the download document's own URL.
        files.put("v1/providers/" + namespace + "/" + type + "/" + version + "/download/" + os + "/" + arch, utf8(
                "{\"protocols\": [\"5.0\"], \"os\": \"" + os + "\", \"arch\": \"" + arch + "\", \"filename\": \"" + pkg.name()
                        + "\", \"download_url\": \"/files/" + pkg.name() + "\", \"shasums_url\": \"../../../../../../../files/"
                        + type + "/SHA256SUMS\", \"shasums_signature_url\": \"/files/" + type + "/SHA256SUMS.sig\", \"shasum\": \""
                        + claimedSha + "\", \"signing_keys\": {\"gpg_public_keys\": [{\"key_id\": \"0123456789ABCDEF\", "
                        + "\"ascii_armor\": \"-----BEGIN PGP PUBLIC KEY BLOCK-----\"}]}}"));
        files.put("files/" + pkg.name(), pkg.zip());
        byte[] sums = utf8(claimedSha + "  " + pkg.name() + "\n");
        files.put("files/" + type + "/SHA256SUMS", sums);
        files.put("files/" + type + "/SHA256SUMS.sig", utf8("signature of " + type));
    }

    private static Pkg pkg(String type, String version, String platform, String content) throws Exception {
        String executable = "terraform-provider-" + type + "_v" + version;
        byte[] body = ("#!/bin/sh\necho " + content + "\n").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("docs/"));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(executable));
            zip.write(body);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("docs/README"));
            zip.write(utf8("readme"));
            zip.closeEntry();
        }
        byte[] zip = bytes.toByteArray();
        // Go's dirhash Hash1, written out: sha256 over the sorted "<sha256 hex>  <name>\n" lines of the regular files.
        String summary = hex(sha(utf8("readme"))) + "  docs/README\n" + hex(sha(body)) + "  " + executable + "\n";
        String h1 = "h1:" + Base64.getEncoder().encodeToString(sha(utf8(summary)));
        return new Pkg("terraform-provider-" + type + "_" + version + "_" + platform + ".zip", zip, hex(sha(zip)), h1);
    }

    private RawHttp.Response get(String path) {
        return RawHttp.get(wharf.port(), path);
    }

    private RawHttp.Response put(String path, byte[] body) {
        return send("PUT", path, body);
    }

    private RawHttp.Response send(String method, String path, byte[] body) {
        byte[] head = (method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + AUTH + "Content-Length: "
                + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return RawHttp.exchange(wharf.port(), all, false, Duration.ofSeconds(20));
    }

    private static JsonNode json(RawHttp.Response response) throws IOException {
        assertThat(response.header("Content-Type")).as(response.toString()).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
