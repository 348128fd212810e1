package dev.wharf.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.codec.Digest;
import dev.wharf.config.ConfigLoader;
import dev.wharf.storage.blob.s3.S3ProxyProcess;
import dev.wharf.testing.FakeRegistry;
import dev.wharf.testing.InProcessWharf;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code storage.blobs.redirect: true} on S3, a cached blob's GET is a 307 to a presigned URL that serves
 * the bytes (ranges too) to a client without any credentials; a HEAD and the first, filling GET are Wharf's own.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class S3RedirectTest {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient(); // follows no redirects

    @Test
    void aHitIsARedirectToTheStore() throws Exception {
        byte[] content = new byte[3 << 20];
        new Random(11).nextBytes(content);
        String bucket = "redirect-" + UUID.randomUUID();
        try (S3ProxyProcess s3 = S3ProxyProcess.start(); FakeRegistry upstream = FakeRegistry.start()) {
            s3.createBucket(bucket);
            Digest digest = upstream.blob(content);
            Path config = Files.writeString(dir.resolve("wharf.yaml"), """
                    server: { port: 0, bindAddress: 127.0.0.1 }
                    storage:
                      blobs: { type: s3, endpoint: "%s", region: us-east-1, bucket: "%s", accessKey: "%s", secretKey: "%s", pathStyle: true, redirect: true }
                      metadata: { type: embedded, path: "%s" }
                    cache: { spoolPath: "%s" }
                    auth: { bootstrapToken: "%s" }
                    repositories:
                      - { key: up, format: docker, type: remote, url: "%s" }
                    """.formatted(s3.endpoint(), bucket, S3ProxyProcess.ACCESS_KEY, S3ProxyProcess.SECRET_KEY,
                    dir.resolve("meta"), dir.resolve("spool"), InProcessWharf.ADMIN_TOKEN, upstream.url()));
            WharfServer server = WharfServer.start(ConfigLoader.load(config, Map.of(), new BuiltInFormats()));
            try {
                URI blob = URI.create("http://127.0.0.1:" + server.port() + "/v2/up/lib/app/blobs/" + digest);
                HttpResponse<byte[]> miss = http.send(HttpRequest.newBuilder(blob).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(miss.statusCode()).as("the fill is served by Wharf").isEqualTo(200);
                assertThat(miss.body()).isEqualTo(content);

                HttpResponse<byte[]> hit = http.send(HttpRequest.newBuilder(blob).header("Authorization", "Bearer " + InProcessWharf.ADMIN_TOKEN).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(hit.statusCode()).isEqualTo(307);
                assertThat(hit.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
                URI location = URI.create(hit.headers().firstValue("Location").orElseThrow());
                assertThat(location.getHost()).isEqualTo("127.0.0.1");
                assertThat(location.getPort()).isEqualTo(s3.endpoint().getPort());
                assertThat(location.toString()).contains("X-Amz-Signature=").doesNotContain(S3ProxyProcess.SECRET_KEY)
                        .doesNotContain(InProcessWharf.ADMIN_TOKEN);

                HttpResponse<byte[]> direct = http.send(HttpRequest.newBuilder(location).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(direct.statusCode()).isEqualTo(200);
                assertThat(direct.body()).isEqualTo(content);
                HttpResponse<byte[]> ranged = http.send(HttpRequest.newBuilder(location).header("Range", "bytes=100-199").build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(ranged.statusCode()).isEqualTo(206);
                assertThat(ranged.body()).isEqualTo(Arrays.copyOfRange(content, 100, 200));

                HttpResponse<Void> head = http.send(HttpRequest.newBuilder(blob).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.discarding());
                assertThat(head.statusCode()).as("a HEAD stays Wharf's").isEqualTo(200);
                assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(content.length));
            } finally {
                server.stop();
            }
        }
    }
}
