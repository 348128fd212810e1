package dev.wharf.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.codec.Digest;
import dev.wharf.testing.FakeRegistry;
import dev.wharf.testing.InProcessWharf;
import dev.wharf.testing.RawHttp;
import dev.wharf.testing.ScriptedUpstream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Blobs of a Docker remote through an in-process Wharf. */
@Timeout(90)
class DockerBlobsTest {
    @TempDir
    Path dir;
    private InProcessWharf wharf;

    @AfterEach
    void tearDown() {
        if (wharf != null) {
            wharf.close();
        }
    }

    private void start(String url, String serverSection) {
        wharf = InProcessWharf.start(dir, serverSection + """
                repositories:
                  - { key: hub, format: docker, type: remote, url: "%s" }
                """.formatted(url));
    }

    @Test
    void aHeadOfAnUncachedBlobWhoseUpstreamGaveNoLengthDoesNotClaimZero() {
        byte[] blob = random(1000, 1);
        Digest digest = FakeRegistry.sha256(blob);
        try (ScriptedUpstream upstream = ScriptedUpstream.start(line -> ScriptedUpstream.response("HTTP/1.1 200 OK",
                "Docker-Content-Digest: " + digest + "\r\nContent-Type: application/octet-stream\r\nConnection: close",
                new byte[0]))) {
            start(upstream.url(), "");
            RawHttp.Response head = RawHttp.head(wharf.port(), "/v2/hub/team/app/blobs/" + digest);
            assertThat(head.status()).as(head.toString()).isEqualTo(200);
            assertThat(head.header("Content-Length")).isEmpty();
            assertThat(head.header("Transfer-Encoding")).hasValue("chunked");
        }
    }

    @Test
    void aBlobDeclaredEmptyIsNeverAComplete200() {
        byte[] blob = random(1000, 2);
        Digest digest = FakeRegistry.sha256(blob);
        try (ScriptedUpstream upstream = ScriptedUpstream.start(line -> ScriptedUpstream.response("HTTP/1.1 200 OK",
                "Content-Length: 0\r\nContent-Type: application/octet-stream", new byte[0]))) {
            start(upstream.url(), "");
            for (int i = 0; i < 5; i++) {
                RawHttp.Response get = RawHttp.get(wharf.port(), "/v2/hub/team/app/blobs/" + digest);
                assertThat(get.status()).as(get.toString()).isEqualTo(502);
            }
        }
    }

    @Test
    void anOverlongContentTypeIsNotStoredAndTheBlobIsServedWhole() throws Exception {
        byte[] blob = random(50_000, 3);
        Digest digest = FakeRegistry.sha256(blob);
        String type = "application/" + "x".repeat(2000);
        try (ScriptedUpstream upstream = ScriptedUpstream.start(line -> ScriptedUpstream.response("HTTP/1.1 200 OK",
                "Content-Length: " + blob.length + "\r\nContent-Type: " + type + "\r\nConnection: close", blob))) {
            start(upstream.url(), "");
            for (int i = 0; i < 2; i++) {
                RawHttp.Response get = RawHttp.get(wharf.port(), "/v2/hub/team/app/blobs/" + digest);
                assertThat(get.status()).isEqualTo(200);
                assertThat(get.complete()).isTrue();
                assertThat(FakeRegistry.sha256(get.body())).isEqualTo(digest);
                assertThat(get.header("Content-Type")).hasValue("application/octet-stream");
            }
        }
    }

    @Test
    void aSlowClientStillReadingIsNotCutByTheIdleTimeout() throws Exception {
        byte[] blob = random(8 << 20, 4);
        try (FakeRegistry registry = FakeRegistry.start()) {
            Digest digest = registry.blob(blob);
            start(registry.url(), "server: { port: 0, bindAddress: 127.0.0.1, idleTimeout: 1s }\n");
            // Cache it, then read it back at about 2 MB/s: four times the idle timeout on the wire.
            assertThat(RawHttp.get(wharf.port(), "/v2/hub/team/app/blobs/" + digest).complete()).isTrue();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", wharf.port()));
                socket.setReceiveBufferSize(64 * 1024);
                OutputStream out = socket.getOutputStream();
                out.write(("GET /v2/hub/team/app/blobs/" + digest + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                InputStream in = socket.getInputStream();
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                byte[] buf = new byte[64 * 1024];
                int headEnd = -1;
                StringBuilder head = new StringBuilder();
                long bodyBytes = 0;
                for (int n; (n = in.read(buf)) >= 0; ) {
                    int from = 0;
                    if (headEnd < 0) {
                        head.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                        headEnd = head.indexOf("\r\n\r\n");
                        if (headEnd < 0) {
                            continue;
                        }
                        from = n - (head.length() - headEnd - 4);
                    }
                    sha.update(buf, from, n - from);
                    bodyBytes += n - from;
                    Thread.sleep(30);
                }
                assertThat(bodyBytes).isEqualTo(blob.length);
                assertThat(Digest.ofBytes(sha.digest())).isEqualTo(digest);
            }
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
