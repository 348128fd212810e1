package dev.wharf.app;

import dev.wharf.testing.InProcessWharf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.codec.Digest;
import dev.wharf.codec.docker.MediaTypes;
import dev.wharf.storage.testing.PostgresSchemas;
import dev.wharf.storage.testing.TestRedis;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
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

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private WharfServer a;
    private WharfServer b;

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
    }

    @ParameterizedTest
    @EnumSource(ClusterReplicas.Blobs.class)
    void anUploadStartedOnOneReplicaCompletesOnTheOther(ClusterReplicas.Blobs blobs) throws Exception {
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

    private void startReplicas(ClusterReplicas.Blobs blobs) throws Exception {
        ClusterReplicas replicas = new ClusterReplicas(dir, POSTGRES.newSchemaUrl(), POSTGRES.user(),
                "replicas-" + UUID.randomUUID(), blobs);
        String repositories = "  - { key: images, format: docker, type: local }\n";
        a = replicas.start("a", repositories);
        b = replicas.start("b", repositories);
    }

    private HttpResponse<byte[]> send(WharfServer replica, String method, String path, byte[] body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.port() + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Authorization", "Bearer " + InProcessWharf.ADMIN_TOKEN);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> response) {
        return response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8);
    }
}
