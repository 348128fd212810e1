package dev.wharf.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.codec.Digest;
import dev.wharf.storage.testing.PostgresSchemas;
import dev.wharf.storage.testing.TestRedis;
import dev.wharf.testing.FakeRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two replicas sharing one metadata database (PostgreSQL), one coordination (Redis) and one blob store (a
 * directory, or an S3 bucket on s3proxy): a miss on one replica while the other fills the same blob is one
 * upstream GET in all, and the second replica streams the first one's fill as it arrives, instead of
 * waiting for the whole of it.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClusterFillTest {
    @RegisterExtension
    static final PostgresSchemas POSTGRES = new PostgresSchemas();

    private static final String SECRET = "replicas-only-" + new Random().nextInt(1_000_000);
    private static final int SIZE = 12 << 20; // three 5 MiB parts on S3
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private FakeRegistry upstream;
    private WharfServer a;
    private WharfServer b;

    @BeforeEach
    void sharedServices() {
        TestRedis.connect().close();
        upstream = FakeRegistry.start();
    }

    /** Both start before any fill: the filesystem store reaps, at start, staging that no writer of its own owns. */
    private void startReplicas(ClusterReplicas.Blobs blobs) throws Exception {
        ClusterReplicas replicas = new ClusterReplicas(dir, POSTGRES.newSchemaUrl(), POSTGRES.user(), SECRET, blobs);
        String repositories = "  - { key: up, format: docker, type: remote, url: \"" + upstream.url() + "\" }\n";
        a = replicas.start("a", repositories);
        b = replicas.start("b", repositories);
    }

    @AfterAll
    static void stopS3() {
        ClusterReplicas.stopS3();
    }

    @AfterEach
    void stop() {
        for (WharfServer server : new WharfServer[] {a, b}) {
            if (server != null) {
                server.stop();
            }
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @ParameterizedTest
    @EnumSource(ClusterReplicas.Blobs.class)
    void aMissOnTheOtherReplicaFollowsTheRunningFill(ClusterReplicas.Blobs blobs) throws Exception {
        startReplicas(blobs);
        byte[] content = new byte[SIZE];
        new Random(7).nextBytes(content);
        Digest digest = FakeRegistry.sha256(content);
        String path = "/v2/lib/app/blobs/" + digest;
        CountDownLatch halfSent = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // The upstream sends half the blob, then holds the rest until the test lets it go.
        upstream.on(path, exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.getResponseHeaders().set("Docker-Content-Digest", digest.toString());
            exchange.sendResponseHeaders(200, content.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(content, 0, SIZE / 2);
                out.flush();
                halfSent.countDown();
                release.await(60, TimeUnit.SECONDS);
                out.write(content, SIZE / 2, SIZE - SIZE / 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        CompletableFuture<HttpResponse<byte[]>> viaA = http.sendAsync(get(a, "/v2/up/lib/app/blobs/" + digest),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(halfSent.await(30, TimeUnit.SECONDS)).as("the upstream sent half the blob to replica a").isTrue();

        // Headers within 10 s, while the upstream holds its second half for up to 60 s: a replica b that
        // waited for replica a's whole fill would time out here.
        HttpResponse<InputStream> viaB = http.send(HttpRequest.newBuilder(URI.create(url(b) + "/v2/up/lib/app/blobs/" + digest))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(viaB.statusCode()).isEqualTo(200);
        byte[] firstBytes;
        try (InputStream body = viaB.body()) {
            // Before the upstream sends the second half: replica b streams what replica a has so far.
            firstBytes = body.readNBytes(SIZE / 4);
            release.countDown();
            byte[] rest = body.readAllBytes();
            assertThat(sha256(firstBytes, rest)).isEqualTo(digest.hex());
        }
        HttpResponse<byte[]> fromA = viaA.get(60, TimeUnit.SECONDS);
        assertThat(fromA.statusCode()).isEqualTo(200);
        assertThat(sha256(fromA.body(), new byte[0])).isEqualTo(digest.hex());
        assertThat(upstream.count("GET", path)).as("upstream GETs for the blob, over both replicas").isEqualTo(1);

        // Committed once, for both: a hit on either replica with the upstream gone.
        upstream.close();
        upstream = null;
        for (WharfServer replica : new WharfServer[] {a, b}) {
            HttpResponse<byte[]> hit = http.send(get(replica, "/v2/up/lib/app/blobs/" + digest), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(hit.statusCode()).isEqualTo(200);
            assertThat(sha256(hit.body(), new byte[0])).isEqualTo(digest.hex());
        }
    }

    @ParameterizedTest
    @EnumSource(ClusterReplicas.Blobs.class)
    void aFollowerTakesOverWhenTheReplicaItFollowsStopsStreamingHalfWay(ClusterReplicas.Blobs blobs) throws Exception {
        startReplicas(blobs);
        byte[] content = new byte[SIZE];
        new Random(8).nextBytes(content);
        Digest digest = FakeRegistry.sha256(content);
        String path = "/v2/lib/app/blobs/" + digest;
        CountDownLatch halfSent = new CountDownLatch(1);
        CountDownLatch cut = new CountDownLatch(1);
        AtomicInteger gets = new AtomicInteger();
        // The first GET (replica a's) sends half the blob and is then cut off; any later one gets it whole.
        upstream.on(path, exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.getResponseHeaders().set("Docker-Content-Digest", digest.toString());
            exchange.sendResponseHeaders(200, content.length);
            OutputStream out = exchange.getResponseBody();
            if (gets.incrementAndGet() > 1) {
                out.write(content);
                out.close();
                return;
            }
            out.write(content, 0, SIZE / 2);
            out.flush();
            halfSent.countDown();
            try {
                cut.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close(); // the body ends short of its Content-Length: replica a's fill fails
        });

        CompletableFuture<HttpResponse<byte[]>> viaA = http.sendAsync(get(a, "/v2/up/lib/app/blobs/" + digest),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(halfSent.await(30, TimeUnit.SECONDS)).as("the upstream sent half the blob to replica a").isTrue();
        HttpResponse<InputStream> viaB = http.send(HttpRequest.newBuilder(URI.create(url(b) + "/v2/up/lib/app/blobs/" + digest))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(viaB.statusCode()).isEqualTo(200);
        try (InputStream body = viaB.body()) {
            byte[] firstBytes = body.readNBytes(SIZE / 4); // streamed from replica a's fill
            cut.countDown();
            byte[] rest = body.readAllBytes();
            assertThat(firstBytes.length + rest.length).as("bytes replica b sent").isEqualTo(SIZE);
            assertThat(sha256(firstBytes, rest)).as("replica b's body, across the takeover").isEqualTo(digest.hex());
        }
        assertThat(viaA.handle((response, failure) -> failure != null || response.body().length < SIZE).get(60, TimeUnit.SECONDS))
                .as("replica a's client was cut").isTrue();
        assertThat(gets).as("upstream GETs: replica a's cut one, replica b's takeover").hasValue(2);

        upstream.close();
        upstream = null;
        for (WharfServer replica : new WharfServer[] {a, b}) {
            HttpResponse<byte[]> hit = http.send(get(replica, "/v2/up/lib/app/blobs/" + digest), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(hit.statusCode()).isEqualTo(200);
            assertThat(sha256(hit.body(), new byte[0])).isEqualTo(digest.hex());
        }
    }

    @Test
    void theInternalEndpointRefusesRequestsWithoutTheSecret() throws Exception {
        startReplicas(ClusterReplicas.Blobs.FILESYSTEM);
        HttpResponse<String> none = http.send(get(a, "/_wharf/cluster/fills/anything"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(url(a) + "/_wharf/cluster/fills/anything"))
                .header("X-Wharf-Cluster-Secret", SECRET + "x").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> right = http.send(HttpRequest.newBuilder(URI.create(url(a) + "/_wharf/cluster/fills/anything"))
                .header("X-Wharf-Cluster-Secret", SECRET).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(right.statusCode()).as("the secret opens it; no such fill runs").isEqualTo(404);
        assertThat(right.body()).contains("no fill of anything runs on this replica");
    }

    private static String url(WharfServer server) {
        return "http://127.0.0.1:" + server.port();
    }

    private static HttpRequest get(WharfServer server, String path) {
        return HttpRequest.newBuilder(URI.create(url(server) + path)).timeout(Duration.ofSeconds(60)).build();
    }

    private static String sha256(byte[] first, byte[] rest) throws NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(first);
        sha.update(rest);
        return HexFormat.of().formatHex(sha.digest());
    }
}
