package dev.wharf.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.wharf.codec.Digest;
import dev.wharf.config.ConfigLoader;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wharf serving HTTPS (server.tls): file regions cannot cross TLS, so both a miss (followers read the
 * staged file in chunks) and a hit (streamed from the blob store) take the chunked path.
 */
@Timeout(60)
@SuppressWarnings("deprecation") // SelfSignedCertificate: its replacement, netty-pkitesting, is not a dependency here
class TlsServingTest {
    @TempDir
    Path dir;
    private HttpServer upstream;
    private WharfServer wharf;
    private final AtomicInteger upstreamGets = new AtomicInteger();
    private final byte[] blob = new byte[3 * 1024 * 1024 + 17];
    private Digest digest;

    @BeforeEach
    void setUp() throws Exception {
        new Random(7).nextBytes(blob);
        digest = Digest.sha256Of(blob);
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/v2/", exchange -> {
            upstreamGets.incrementAndGet();
            if (exchange.getRequestURI().getPath().endsWith("/blobs/" + digest)) {
                exchange.getResponseHeaders().set("Docker-Content-Digest", digest.toString());
                exchange.sendResponseHeaders(200, blob.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    for (int off = 0; off < blob.length; off += 65536) {
                        out.write(blob, off, Math.min(65536, blob.length - off));
                    }
                }
            } else {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
            }
        });
        upstream.start();
        SelfSignedCertificate certificate = new SelfSignedCertificate("localhost");
        Path config = dir.resolve("wharf.yaml");
        Files.writeString(config, """
                server: { port: 0, bindAddress: 127.0.0.1, tls: { certificate: %s, privateKey: %s } }
                storage:
                  blobs: { type: filesystem, path: %s }
                  metadata: { type: embedded, path: %s }
                repositories:
                  - { key: hub, format: docker, type: remote, url: "http://127.0.0.1:%d" }
                """.formatted(certificate.certificate(), certificate.privateKey(), dir.resolve("blobs"), dir.resolve("meta"),
                upstream.getAddress().getPort()));
        wharf = WharfServer.start(ConfigLoader.load(config, Map.of(), new BuiltInFormats()));
    }

    @AfterEach
    void tearDown() {
        if (wharf != null) {
            wharf.stop();
        }
        upstream.stop(0);
    }

    @Test
    void blobsArriveIntactOverTlsCold() throws Exception {
        HttpClient client = insecureClient();
        URI uri = URI.create("https://127.0.0.1:" + wharf.port() + "/v2/hub/team/app/blobs/" + digest);
        for (int i = 0; i < 2; i++) {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
            assertThat(Digest.sha256Of(response.body())).isEqualTo(digest);
        }
        assertThat(upstreamGets).hasValue(1);

        HttpResponse<byte[]> range = client.send(HttpRequest.newBuilder(uri).header("Range", "bytes=100-199").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(blob, 100, 200));
    }

    private static HttpClient insecureClient() throws Exception {
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
        System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
        return HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1).build();
    }
}
