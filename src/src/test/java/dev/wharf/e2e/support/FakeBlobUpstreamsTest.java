package dev.wharf.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The fake upstreams answer as a registry would, and fail exactly the way they claim to. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FakeBlobUpstreamsTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path tmp;

    @Test
    void countingUpstreamServesSlowlyAndCountsGetsOnly() {
        byte[] content = PseudoRandomBytes.array(1, 2 * MIB);
        try (CountingBlobUpstream upstream = new CountingBlobUpstream(Duration.ofMillis(800))) {
            String digest = upstream.add(content);
            String blobUrl = upstream.url() + "/v2/e2e/blob/blobs/" + digest;

            HttpProbe.Reply ping = HttpProbe.get(upstream.url() + "/v2/");
            assertThat(ping.status()).isEqualTo(200);
            assertThat(ping.header("Docker-Distribution-API-Version")).hasValue("registry/2.0");
            HttpProbe.Reply head = HttpProbe.head(blobUrl);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).hasValue(Integer.toString(content.length));
            assertThat(head.header("Docker-Content-Digest")).hasValue(digest);
            assertThat(upstream.blobGets(digest)).isZero();

            long start = System.nanoTime();
            HttpProbe.Streamed body = HttpProbe.getStreamed(blobUrl);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(600));
            assertThat(body.completed()).isTrue();
            assertThat(body.digest()).isEqualTo(digest);
            assertThat(body.bytes()).isEqualTo(content.length);
            assertThat(upstream.blobGets(digest)).isEqualTo(1);
            upstream.awaitFinishedBlobGets(digest, 1, Duration.ofSeconds(5));

            HttpProbe.Reply unknown = HttpProbe.get(upstream.url() + "/v2/e2e/blob/blobs/" + Sha256.of(new byte[0]));
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.errorCode()).isEqualTo("BLOB_UNKNOWN");
            assertThat(HttpProbe.get(upstream.url() + "/v2/e2e/blob/manifests/v1").errorCode()).isEqualTo("MANIFEST_UNKNOWN");
        }
    }

    @Test
    void aClientClosingEarlyReadsWhatItAskedForAndTheServingEnds() {
        try (CountingBlobUpstream upstream = new CountingBlobUpstream(Duration.ofSeconds(1))) {
            String digest = upstream.add(PseudoRandomBytes.array(2, 8 * MIB));

            HttpProbe.Partial partial = HttpProbe.readPartially(upstream.hostPort(), "/v2/e2e/blob/blobs/" + digest, MIB);

            assertThat(partial.statusLine()).startsWith("HTTP/1.1 200");
            assertThat(partial.headers()).containsIgnoringCase("content-length: " + 8 * MIB);
            assertThat(partial.bodyBytesRead()).isEqualTo(MIB);
            upstream.awaitFinishedBlobGets(digest, 1, Duration.ofSeconds(10));
        }
    }

    @Test
    void truncatingUpstreamDeclaresTheFullLengthAndCutsTheConnection() {
        byte[] content = PseudoRandomBytes.array(3, 4 * MIB);
        try (FaultyBlobUpstream upstream = new FaultyBlobUpstream(FaultyBlobUpstream.Mode.TRUNCATE)) {
            String digest = upstream.add(content);

            HttpProbe.Streamed body = HttpProbe.getStreamed(upstream.url() + "/v2/e2e/blob/blobs/" + digest);

            assertThat(body.status()).isEqualTo(200);
            assertThat(body.declaredLength()).hasValue(content.length);
            assertThat(body.failure()).isNotNull();
            assertThat(body.bytes()).isLessThan(content.length);
            assertThat(body.completed()).isFalse();
        }
    }

    @Test
    @RequiredProgram(value = "curl", debianPackage = "curl")
    void curlSeesTheHeadersAndTheTruncation() throws IOException {
        try (FaultyBlobUpstream upstream = new FaultyBlobUpstream(FaultyBlobUpstream.Mode.TRUNCATE)) {
            String digest = upstream.add(PseudoRandomBytes.array(4, MIB));

            Processes.Outcome head = Processes.run(new ProcessBuilder("curl", "-sS", "-I",
                    upstream.url() + "/v2/e2e/blob/blobs/" + digest), tmp.resolve("head.log"), Duration.ofSeconds(30));
            assertThat(head.exitCode()).as(head.output()).isZero();
            assertThat(head.output()).containsIgnoringCase("content-length: " + MIB)
                    .containsIgnoringCase("docker-content-digest: " + digest);

            Processes.Outcome curl = Processes.run(new ProcessBuilder("curl", "-sS", "-o", tmp.resolve("body").toString(),
                    upstream.url() + "/v2/e2e/blob/blobs/" + digest), tmp.resolve("curl.log"), Duration.ofSeconds(30));

            // curl's exit code 18: "partial file", the transfer ended before the declared length.
            assertThat(curl.exitCode()).as(curl.output()).isEqualTo(18);
            assertThat(Files.size(tmp.resolve("body"))).isEqualTo(MIB / 2);
        }
    }

    @Test
    void wrongBytesUpstreamSendsTheFullLengthWithAnotherDigest() {
        byte[] content = PseudoRandomBytes.array(5, 4 * MIB);
        try (FaultyBlobUpstream upstream = new FaultyBlobUpstream(FaultyBlobUpstream.Mode.WRONG_BYTES)) {
            String digest = upstream.add(content);

            HttpProbe.Streamed body = HttpProbe.getStreamed(upstream.url() + "/v2/e2e/blob/blobs/" + digest);

            assertThat(body.completed()).isTrue();
            assertThat(body.bytes()).isEqualTo(content.length);
            assertThat(body.digest()).isNotEqualTo(digest);
            assertThat(upstream.blobGets(digest)).isEqualTo(1);
        }
    }

    @Test
    void generatedUpstreamServesTheStreamItsDigestWasComputedFrom() throws IOException {
        long size = 64L * MIB + 3;
        try (GeneratedBlobUpstream upstream = new GeneratedBlobUpstream(9, size);
             InputStream expected = PseudoRandomBytes.stream(9, size)) {
            assertThat(upstream.digest()).isEqualTo(Sha256.ofStream(expected));

            HttpProbe.Reply head = HttpProbe.head(upstream.url() + "/v2/e2e/big/blobs/" + upstream.digest());
            assertThat(head.header("Content-Length")).hasValue(Long.toString(size));
            HttpProbe.Streamed body = HttpProbe.getStreamed(upstream.url() + "/v2/e2e/big/blobs/" + upstream.digest());
            assertThat(body.completed()).isTrue();
            assertThat(body.bytes()).isEqualTo(size);
            assertThat(body.digest()).isEqualTo(upstream.digest());
            assertThat(upstream.requests()).containsExactly(
                    "HEAD /v2/e2e/big/blobs/" + upstream.digest(), "GET /v2/e2e/big/blobs/" + upstream.digest());
        }
    }

    @Test
    void aClosedUpstreamRefusesConnections() {
        CountingBlobUpstream upstream = new CountingBlobUpstream(Duration.ZERO);
        String url = upstream.url() + "/v2/";
        assertThat(HttpProbe.status(url, Duration.ofSeconds(1))).hasValue(200);

        upstream.close();

        assertThat(HttpProbe.status(url, Duration.ofSeconds(1))).isEmpty();
        assertThat(List.of(upstream.requests().get(0))).containsExactly("GET /v2/");
    }
}
