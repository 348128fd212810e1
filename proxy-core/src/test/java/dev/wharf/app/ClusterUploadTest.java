package dev.wharf.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.codec.Digest;
import dev.wharf.codec.docker.MediaTypes;
import dev.wharf.config.ConfigLoader;
import dev.wharf.storage.blob.s3.S3ProxyProcess;
import dev.wharf.storage.testing.PostgresSchemas;
import dev.wharf.storage.testing.TestRedis;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A push spread over two replicas sharing one metadata database (PostgreSQL), one coordination (Redis) and one
 * blob store (a directory, or an S3 bucket on s3proxy): an upload started on one replica is continued, checked
 * and completed on the other, and what one replica took in the other serves, as a load balancer in front of
 * them makes clients do.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClusterUploadTest {
    @RegisterExtension
    static final PostgresSchemas POSTGRES = new PostgresSchemas();

    private static S3ProxyProcess s3;

    /** Where the replicas' blobs live. */
    enum Blobs { FILESYSTEM, S3 }

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private WharfServer a;
    private WharfServer b;

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
    }

    @AfterEach
    void stop() {
        for (WharfServer server : new WharfServer[] {a, b}) {
            if (server != null) {
                server.stop();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Blobs.class)
    void anUploadStartedOnOneReplicaCompletesOnTheOther(Blobs blobs) throws Exception {
        TestRedis.connect().close();
        startReplicas(blobs);
        byte[] layer = new byte[7 << 20]; // two S3 parts, and more than one chunk
        new Random(7).nextBytes(layer);
        Digest digest = Digest.sha256Of(layer);

        HttpResponse<byte[]> start = send(a, "POST", "/v2/images/team/app/blobs/uploads/", null);
        assertThat(start.statusCode()).isEqualTo(202);
        String location = start.headers().firstValue("Location").orElseThrow();
        HttpResponse<byte[]> first = send(b, "PATCH", location, Arrays.copyOfRange(layer, 0, 3 << 20),
                "Content-Range", "0-" + ((3 << 20) - 1));
        assertThat(first.statusCode()).as(text(first)).isEqualTo(202);
        HttpResponse<byte[]> status = send(a, "GET", location, null);
        assertThat(status.statusCode()).isEqualTo(204);
        assertThat(status.headers().firstValue("Range")).hasValue("0-" + ((3 << 20) - 1));
        HttpResponse<byte[]> stale = send(b, "PATCH", location, Arrays.copyOfRange(layer, 0, 10), "Content-Range", "0-9");
        assertThat(stale.statusCode()).as("a chunk the other replica took already").isEqualTo(416);
        HttpResponse<byte[]> second = send(a, "PATCH", location, Arrays.copyOfRange(layer, 3 << 20, 6 << 20));
        assertThat(second.statusCode()).isEqualTo(202);
        HttpResponse<byte[]> done = send(b, "PUT", location + "?digest=" + digest, Arrays.copyOfRange(layer, 6 << 20, layer.length));
        assertThat(done.statusCode()).as(text(done)).isEqualTo(201);

        byte[] config = "{\"os\":\"linux\",\"architecture\":\"amd64\"}".getBytes(StandardCharsets.UTF_8);
        Digest configDigest = Digest.sha256Of(config);
        assertThat(send(b, "POST", "/v2/images/team/app/blobs/uploads/?digest=" + configDigest, config).statusCode()).isEqualTo(201);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + configDigest + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":\""
                + MediaTypes.OCI_LAYER_GZIP + "\",\"digest\":\"" + digest + "\",\"size\":" + layer.length + "}]}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> put = send(a, "PUT", "/v2/images/team/app/manifests/v1", manifest, "Content-Type", MediaTypes.OCI_MANIFEST);
        assertThat(put.statusCode()).as(text(put)).isEqualTo(201);

        for (WharfServer replica : new WharfServer[] {a, b}) {
            assertThat(send(replica, "GET", "/v2/images/team/app/manifests/v1", null).body()).isEqualTo(manifest);
            assertThat(Digest.sha256Of(send(replica, "GET", "/v2/images/team/app/blobs/" + digest, null).body())).isEqualTo(digest);
        }
        HttpResponse<byte[]> mounted = send(b, "POST", "/v2/images/other/app/blobs/uploads/?mount=" + digest
                + "&from=images/team/app", null);
        assertThat(mounted.statusCode()).isEqualTo(201);
        assertThat(send(a, "HEAD", "/v2/images/other/app/blobs/" + digest, null).statusCode()).isEqualTo(200);
    }

    private void startReplicas(Blobs blobs) throws Exception {
        String metadata = POSTGRES.newSchemaUrl();
        String store;
        if (blobs == Blobs.S3) {
            if (s3 == null) {
                s3 = S3ProxyProcess.start();
            }
            String bucket = "uploads-" + UUID.randomUUID();
            s3.createBucket(bucket);
            store = "{ type: s3, endpoint: \"%s\", region: us-east-1, bucket: \"%s\", accessKey: \"%s\", secretKey: \"%s\", pathStyle: true, partSize: 5MiB }"
                    .formatted(s3.endpoint(), bucket, S3ProxyProcess.ACCESS_KEY, S3ProxyProcess.SECRET_KEY);
        } else {
            store = "{ type: filesystem, path: \"" + dir.resolve("blobs") + "\" }";
        }
        String secret = "replicas-" + UUID.randomUUID();
        a = replica("a", metadata, store, secret);
        b = replica("b", metadata, store, secret);
    }

    private WharfServer replica(String name, String metadataUrl, String blobs, String secret) throws IOException, InterruptedException {
        int port = freePort();
        String user = POSTGRES.user() == null ? "" : ", username: " + POSTGRES.user();
        String yaml = """
                server: { port: %d, bindAddress: 127.0.0.1 }
                storage:
                  blobs: %s
                  metadata: { type: postgres, url: "%s"%s }
                  coordination: { type: redis, url: "%s" }
                cache: { spoolPath: "%s" }
                cluster: { secret: "%s", advertiseUrl: "http://127.0.0.1:%d" }
                repositories:
                  - { key: images, format: docker, type: local }
                """.formatted(port, blobs, metadataUrl, user, TestRedis.URL, dir.resolve("spool-" + name), secret, port);
        Path config = Files.writeString(dir.resolve(name + ".yaml"), yaml);
        return WharfServer.start(ConfigLoader.load(config, Map.of(), new BuiltInFormats()));
    }

    private HttpResponse<byte[]> send(WharfServer replica, String method, String path, byte[] body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.port() + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> response) {
        return response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
