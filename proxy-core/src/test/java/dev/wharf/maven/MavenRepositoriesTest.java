package dev.wharf.maven;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.wharf.codec.ContentDigest;
import dev.wharf.codec.maven.MavenChecksum;
import dev.wharf.codec.maven.MavenMetadata;
import dev.wharf.codec.maven.MavenMetadataXml;
import dev.wharf.testing.InProcessWharf;
import dev.wharf.testing.RawHttp;
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

/** The maven format through an in-process Wharf: a remote of an in-process repository, locals, a virtual over both. */
@Timeout(60)
class MavenRepositoriesTest {
    private static final String JAR = "org/example/lib/1.0/lib-1.0.jar";

    @TempDir
    Path dir;
    private HttpServer files;
    private final Map<String, byte[]> upstream = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> gets = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private InProcessWharf wharf;

    @BeforeEach
    void setUp() throws IOException {
        files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        files.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath().substring(1);
            gets.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            byte[] body = upstream.get(path);
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
        files.start();
        wharf = InProcessWharf.start(dir, """
                repositories:
                  - { key: central, format: maven, type: remote, url: "http://127.0.0.1:%d/maven2", metadataTtl: 1s,
                      blocklist: ["org/blocked/**"] }
                  - { key: releases, format: maven, type: local }
                  - { key: open, format: maven, type: local, allowRedeploy: true }
                  - { key: all, format: maven, type: virtual, members: [releases, central], deployTo: releases }
                """.formatted(files.getAddress().getPort()));
    }

    @AfterEach
    void tearDown() {
        wharf.close();
        files.stop(0);
    }

    @Test
    void aReleaseFileIsVerifiedAgainstTheUpstreamSha1ThenServedFromTheCache() {
        byte[] jar = random(200_000);
        upstream.put("maven2/" + JAR, jar);
        upstream.put("maven2/" + JAR + ".sha1", (sha1(jar) + "  lib-1.0.jar\n").getBytes(StandardCharsets.US_ASCII));
        RawHttp.Response first = RawHttp.get(wharf.port(), "/repository/central/" + JAR);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.body()).isEqualTo(jar);
        files.stop(0);
        assertThat(RawHttp.get(wharf.port(), "/repository/central/" + JAR).body()).isEqualTo(jar);
        assertThat(RawHttp.get(wharf.port(), "/repository/central/" + JAR + ".sha1").text()).startsWith(sha1(jar));
        assertThat(RawHttp.get(wharf.port(), "/repository/central/" + JAR + ".sha256").text())
                .isEqualTo(MavenChecksum.of(ContentDigest.Algorithm.SHA256, jar).hex());
        assertThat(gets.get("maven2/" + JAR)).hasValue(1);
        assertThat(gets.get("maven2/" + JAR + ".sha1")).hasValue(1);
    }

    @Test
    void aFileThatDoesNotMatchTheUpstreamChecksumIsNeverServedComplete() {
        byte[] jar = random(100_000);
        upstream.put("maven2/" + JAR, jar);
        upstream.put("maven2/" + JAR + ".sha1", sha1("something else".getBytes(StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 2; i++) {
            RawHttp.Response bad = RawHttp.get(wharf.port(), "/repository/central/" + JAR);
            assertThat(bad.status() != 200 || !bad.complete()).as(bad.toString()).isTrue();
        }
        assertThat(gets.get("maven2/" + JAR)).hasValue(2);
    }

    @Test
    void withoutAnUpstreamChecksumAFileIsCachedUnverified() {
        byte[] pom = "<project/>".getBytes(StandardCharsets.UTF_8);
        upstream.put("maven2/org/example/lib/1.0/lib-1.0.pom", pom);
        assertThat(RawHttp.get(wharf.port(), "/repository/central/org/example/lib/1.0/lib-1.0.pom").body()).isEqualTo(pom);
        assertThat(RawHttp.get(wharf.port(), "/repository/central/org/example/lib/1.0/lib-1.0.pom.sha1").status()).isEqualTo(404);
    }

    @Test
    void metadataAndSnapshotsAreRevalidatedAfterTheirTtl() throws Exception {
        String metadata = "org/example/lib/maven-metadata.xml";
        String snapshot = "org/example/lib/2.0-SNAPSHOT/lib-2.0-SNAPSHOT.jar";
        upstream.put("maven2/" + metadata, metadataOf("1.0").getBytes(StandardCharsets.UTF_8));
        upstream.put("maven2/" + snapshot, "one".getBytes(StandardCharsets.UTF_8));
        assertThat(RawHttp.get(wharf.port(), "/repository/central/" + metadata).text()).contains("<version>1.0</version>");
        upstream.put("maven2/" + metadata + ".sha1", sha1("stale".getBytes(StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII));
        assertThat(RawHttp.get(wharf.port(), "/repository/central/" + metadata + ".sha1").text())
                .isEqualTo(sha1(metadataOf("1.0").getBytes(StandardCharsets.UTF_8)));
        assertThat(RawHttp.get(wharf.port(), "/repository/central/" + snapshot).text()).isEqualTo("one");
        upstream.put("maven2/" + metadata, metadataOf("1.0", "1.1").getBytes(StandardCharsets.UTF_8));
        upstream.put("maven2/" + snapshot, "two".getBytes(StandardCharsets.UTF_8));
        Thread.sleep(1_200);
        assertThat(RawHttp.get(wharf.port(), "/repository/central/" + metadata).text()).contains("<version>1.1</version>");
        assertThat(RawHttp.get(wharf.port(), "/repository/central/" + snapshot).text()).isEqualTo("two");
    }

    @Test
    void aDeployStoresFilesWithEveryChecksumAndRefusesARedeploy() throws Exception {
        byte[] jar = random(300_000);
        assertThat(put("/repository/releases/" + JAR, jar, true).statusCode()).isEqualTo(201);
        assertThat(put("/repository/releases/" + JAR + ".sha1", sha1(jar).getBytes(StandardCharsets.US_ASCII), false).statusCode())
                .isEqualTo(201);
        HttpResponse<String> wrong = put("/repository/releases/" + JAR + ".md5", "0".repeat(32).getBytes(StandardCharsets.US_ASCII), false);
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("does not match the stored file");
        assertThat(RawHttp.get(wharf.port(), "/repository/releases/" + JAR).body()).isEqualTo(jar);
        for (ContentDigest.Algorithm a : ContentDigest.Algorithm.values()) {
            assertThat(RawHttp.get(wharf.port(), "/repository/releases/" + JAR + "." + a.id()).text())
                    .isEqualTo(MavenChecksum.of(a, jar).hex());
        }
        HttpResponse<String> again = put("/repository/releases/" + JAR, jar, false);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("allowRedeploy");
        assertThat(put("/repository/open/" + JAR, jar, false).statusCode()).isEqualTo(201);
        assertThat(put("/repository/open/" + JAR, random(10), false).statusCode()).isEqualTo(201);
    }

    @Test
    void aChecksumHeaderThatDoesNotMatchStoresNothing() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(wharf.url() + "/repository/releases/" + JAR))
                .header("Authorization", "Bearer " + InProcessWharf.ADMIN_TOKEN)
                .header("X-Checksum-Sha1", sha1("other".getBytes(StandardCharsets.UTF_8)))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(random(1000))).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("sha1 checksum sent for it");
        assertThat(RawHttp.get(wharf.port(), "/repository/releases/" + JAR).status()).isEqualTo(404);
    }

    @Test
    void aChecksumDeployedAheadOfItsFileIsWhatTheFileMustMatch() throws Exception {
        byte[] jar = random(2000);
        String good = "/repository/releases/org/example/lib/1.0/lib-1.0.jar";
        assertThat(put(good + ".sha1", sha1(jar).getBytes(StandardCharsets.US_ASCII), false).statusCode()).isEqualTo(201);
        assertThat(put(good, jar, false).statusCode()).isEqualTo(201);
        String bad = "/repository/releases/org/example/lib/1.1/lib-1.1.jar";
        assertThat(put(bad + ".sha1", sha1(random(5)).getBytes(StandardCharsets.US_ASCII), false).statusCode()).isEqualTo(201);
        HttpResponse<String> refused = put(bad, jar, false);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("sha1 checksum sent for it");
        assertThat(RawHttp.get(wharf.port(), bad).status()).isEqualTo(404);
    }

    @Test
    void metadataIsComputedFromTheStoredVersions() throws Exception {
        byte[] small = "x".getBytes(StandardCharsets.UTF_8);
        put("/repository/releases/org/example/lib/1.1/lib-1.1.jar", small, false);
        put("/repository/releases/org/example/lib/1.0/lib-1.0.pom", small, false);
        put("/repository/releases/org/example/lib/2.0-SNAPSHOT/lib-2.0-20240101.120000-1.jar", small, false);
        put("/repository/releases/org/example/lib/2.0-SNAPSHOT/lib-2.0-20240102.120000-2.jar", small, false);
        put("/repository/releases/org/example/lib/2.0-SNAPSHOT/lib-2.0-20240102.120000-2.pom", small, false);
        // What the client deploys is kept, but what is served is computed.
        assertThat(put("/repository/releases/org/example/lib/maven-metadata.xml", metadataOf("0.1").getBytes(StandardCharsets.UTF_8),
                false).statusCode()).isEqualTo(201);
        assertThat(put("/repository/releases/org/example/lib/maven-metadata.xml", "<nope/>".getBytes(StandardCharsets.UTF_8),
                false).statusCode()).isEqualTo(400);

        RawHttp.Response xml = RawHttp.get(wharf.port(), "/repository/releases/org/example/lib/maven-metadata.xml");
        MavenMetadata artifact = MavenMetadataXml.parse(xml.body());
        assertThat(artifact.versions()).containsExactly("1.0", "1.1", "2.0-SNAPSHOT");
        assertThat(artifact.release()).isEqualTo("1.1");
        assertThat(artifact.latest()).isEqualTo("2.0-SNAPSHOT");
        assertThat(RawHttp.get(wharf.port(), "/repository/releases/org/example/lib/maven-metadata.xml.sha1").text())
                .isEqualTo(sha1(xml.body()));

        MavenMetadata snapshot = MavenMetadataXml.parse(RawHttp.get(wharf.port(),
                "/repository/releases/org/example/lib/2.0-SNAPSHOT/maven-metadata.xml").body());
        assertThat(snapshot.snapshot()).isEqualTo(new MavenMetadata.Snapshot("20240102.120000", 2));
        assertThat(snapshot.snapshotVersions()).extracting(MavenMetadata.SnapshotVersion::value)
                .containsExactly("2.0-20240102.120000-2", "2.0-20240102.120000-2");
        assertThat(RawHttp.get(wharf.port(), "/repository/releases/org/other/maven-metadata.xml").status()).isEqualTo(404);
    }

    @Test
    void aVirtualMergesMetadataServesMembersInOrderAndDeploysToItsLocal() throws Exception {
        upstream.put("maven2/org/example/lib/maven-metadata.xml", metadataOf("0.9", "1.0").getBytes(StandardCharsets.UTF_8));
        byte[] remoteJar = random(5000);
        upstream.put("maven2/org/example/lib/0.9/lib-0.9.jar", remoteJar);
        assertThat(put("/repository/all/org/example/lib/1.2/lib-1.2.jar", "local".getBytes(StandardCharsets.UTF_8), true)
                .statusCode()).isEqualTo(201);
        assertThat(RawHttp.get(wharf.port(), "/repository/releases/org/example/lib/1.2/lib-1.2.jar").text()).isEqualTo("local");

        RawHttp.Response merged = RawHttp.get(wharf.port(), "/repository/all/org/example/lib/maven-metadata.xml");
        MavenMetadata metadata = MavenMetadataXml.parse(merged.body());
        assertThat(metadata.versions()).containsExactly("0.9", "1.0", "1.2");
        assertThat(metadata.release()).isEqualTo("1.2");
        assertThat(RawHttp.get(wharf.port(), "/repository/all/org/example/lib/maven-metadata.xml.md5").text())
                .isEqualTo(MavenChecksum.of(ContentDigest.Algorithm.MD5, merged.body()).hex());
        assertThat(RawHttp.get(wharf.port(), "/repository/all/org/example/lib/0.9/lib-0.9.jar").body()).isEqualTo(remoteJar);
        assertThat(RawHttp.get(wharf.port(), "/repository/all/org/example/lib/1.2/lib-1.2.jar").text()).isEqualTo("local");
        assertThat(RawHttp.get(wharf.port(), "/repository/all/org/example/none/maven-metadata.xml").status()).isEqualTo(404);
    }

    @Test
    void aBlockedPathIsForbiddenInItsRemoteAndAbsentThroughAVirtual() {
        upstream.put("maven2/org/blocked/x/1.0/x-1.0.jar", "x".getBytes(StandardCharsets.UTF_8));
        assertThat(RawHttp.get(wharf.port(), "/repository/central/org/blocked/x/1.0/x-1.0.jar").status()).isEqualTo(403);
        assertThat(RawHttp.get(wharf.port(), "/repository/all/org/blocked/x/1.0/x-1.0.jar").status()).isEqualTo(404);
        assertThat(gets).doesNotContainKey("maven2/org/blocked/x/1.0/x-1.0.jar");
    }

    @Test
    void aRemoteIsReadOnly() {
        assertThat(RawHttp.send(wharf.port(), "PUT", "/repository/central/x.jar",
                List.<String[]>of(new String[] {"Authorization", "Bearer " + InProcessWharf.ADMIN_TOKEN}), Duration.ofSeconds(5)).status())
                .isEqualTo(405);
    }

    /** A PUT with the admin token; {@code expectContinue} sends {@code Expect: 100-continue} as Maven does. */
    private HttpResponse<String> put(String path, byte[] body, boolean expectContinue) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(wharf.url() + path))
                .header("Authorization", "Bearer " + InProcessWharf.ADMIN_TOKEN)
                .expectContinue(expectContinue)
                .timeout(Duration.ofSeconds(20))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String metadataOf(String... versions) {
        StringBuilder xml = new StringBuilder("<metadata><groupId>org.example</groupId><artifactId>lib</artifactId><versioning><versions>");
        for (String v : versions) {
            xml.append("<version>").append(v).append("</version>");
        }
        return xml.append("</versions><lastUpdated>20240101000000</lastUpdated></versioning></metadata>").toString();
    }

    private static String sha1(byte[] bytes) {
        return MavenChecksum.of(ContentDigest.Algorithm.SHA1, bytes).hex();
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }
}
