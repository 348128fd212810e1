package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.wharf.e2e.support.GeneratedChunks;
import dev.wharf.e2e.support.HttpProbe;
import dev.wharf.e2e.support.PseudoRandomBytes;
import dev.wharf.e2e.support.RegistryClient;
import dev.wharf.e2e.support.RegistryTarget;
import dev.wharf.e2e.support.RegistryTargets;
import dev.wharf.e2e.support.Sha256;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Chunked blob uploads to Wharf's docker local repository, driven request by request as issue 8 lists them:
 * a 1 GiB layer in 64 MiB PATCHes to a Wharf whose heap and direct memory are 128 MiB each (so no chunk is
 * buffered whole), and a docker-like upload that meets a 416, asks for its status, resumes, and a cancel.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ChunkedUploadTest {
    private static final long GIB = 1L << 30;
    private static final long CHUNK = 64L << 20;
    private static final int MIB = 1 << 20;
    private static final String OCTETS = "application/octet-stream";

    @RegisterExtension
    static final RegistryTargets TARGETS = new RegistryTargets(
            wharf -> wharf.jvmOptions("-Xmx128m", "-XX:MaxDirectMemorySize=128m"));
    private static RegistryTarget target;
    private static RegistryClient client;

    @BeforeAll
    static void connect() {
        target = TARGETS.target();
        client = new RegistryClient(target.url());
    }

    @Test
    void aOneGibibyteLayerPushedInChunksUnderASmallHeapPullsBackWithItsDigest() {
        String repository = target.repository("e2e/big-layer");
        GeneratedChunks layer = new GeneratedChunks(901, GIB);
        String location = start(repository);
        for (long offset = 0; offset < GIB; offset += CHUNK) {
            long length = Math.min(CHUNK, GIB - offset);
            HttpProbe.Reply patched = client.sendStreamed("PATCH", location, () -> layer.next(length), length,
                    "Content-Type", OCTETS, "Content-Range", offset + "-" + (offset + length - 1));
            assertThat(patched.status()).as(patched.toString()).isEqualTo(202);
            assertThat(patched.header("Range")).hasValue("0-" + (offset + length - 1));
            location = client.resolve(patched.header("Location").orElseThrow());
        }
        HttpProbe.Reply done = client.send("PUT", RegistryClient.withQuery(location, "digest", layer.digest()), new byte[0]);
        assertThat(done.status()).as(done.toString()).isEqualTo(201);
        assertThat(done.header("Docker-Content-Digest")).hasValue(layer.digest());

        HttpProbe.Streamed pulled = HttpProbe.getStreamed(client.v2(repository + "/blobs/" + layer.digest()));
        assertThat(pulled.status()).as(pulled.toString()).isEqualTo(200);
        assertThat(pulled.completed()).as(pulled.toString()).isTrue();
        assertThat(pulled.bytes()).isEqualTo(GIB);
        assertThat(pulled.digest()).isEqualTo(layer.digest());
    }

    @Test
    void aDockerLikeUploadGoesOnAfterA416FromTheStatusItAsksFor() {
        String repository = target.repository("e2e/resumed");
        byte[] blob = PseudoRandomBytes.array(902, 3 * MIB);
        HttpProbe.Reply started = client.send("POST", client.v2(repository + "/blobs/uploads/"), new byte[0]);
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        assertThat(started.header("Docker-Upload-UUID")).as(started.toString()).isPresent();
        assertThat(started.header("Range")).as(started.toString()).hasValue("0-0");
        String location = client.resolve(started.header("Location").orElseThrow());

        // docker streams a layer as one PATCH without Content-Range, in chunked transfer encoding.
        HttpProbe.Reply streamed = client.sendChunked("PATCH", location, () -> new ByteArrayInputStream(blob, 0, MIB),
                "Content-Type", OCTETS);
        assertThat(streamed.status()).as(streamed.toString()).isEqualTo(202);
        assertThat(streamed.header("Range")).hasValue("0-" + (MIB - 1));
        location = client.resolve(streamed.header("Location").orElseThrow());

        HttpProbe.Reply gap = client.send("PATCH", location, Arrays.copyOfRange(blob, 2 * MIB, 3 * MIB),
                "Content-Type", OCTETS, "Content-Range", (2 * MIB) + "-" + (3 * MIB - 1));
        assumeFalse(target.isReference() && gap.status() == 202,
                "distribution 2.8 appends a chunk whatever its Content-Range says (spec.md: MUST be 416)");
        assertThat(gap.status()).as(gap.toString()).isEqualTo(416);

        HttpProbe.Reply status = client.send("GET", location);
        assertThat(status.status()).as(status.toString()).isEqualTo(204);
        assertThat(status.header("Range")).hasValue("0-" + (MIB - 1));
        location = client.resolve(status.header("Location").orElseThrow());
        HttpProbe.Reply resumed = client.send("PATCH", location, Arrays.copyOfRange(blob, MIB, 2 * MIB),
                "Content-Type", OCTETS, "Content-Range", MIB + "-" + (2 * MIB - 1));
        assertThat(resumed.status()).as(resumed.toString()).isEqualTo(202);
        location = client.resolve(resumed.header("Location").orElseThrow());

        // The last chunk rides on the closing PUT.
        HttpProbe.Reply done = client.send("PUT", RegistryClient.withQuery(location, "digest", Sha256.of(blob)),
                Arrays.copyOfRange(blob, 2 * MIB, 3 * MIB), "Content-Type", OCTETS,
                "Content-Range", (2 * MIB) + "-" + (3 * MIB - 1));
        assertThat(done.status()).as(done.toString()).isEqualTo(201);
        assertThat(done.header("Docker-Content-Digest")).hasValue(Sha256.of(blob));
        HttpProbe.Reply pulled = client.send("GET", client.resolve(done.header("Location").orElseThrow()));
        assertThat(pulled.body()).isEqualTo(blob);
    }

    @Test
    void aCancelledUploadIsGoneAndItsBlobNeverAppears() {
        String repository = target.repository("e2e/cancelled");
        byte[] blob = PseudoRandomBytes.array(903, MIB);
        String location = start(repository);
        HttpProbe.Reply patched = client.sendChunked("PATCH", location, () -> new ByteArrayInputStream(blob), "Content-Type", OCTETS);
        assertThat(patched.status()).as(patched.toString()).isEqualTo(202);
        location = client.resolve(patched.header("Location").orElseThrow());

        HttpProbe.Reply cancelled = client.send("DELETE", location);
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(204);

        HttpProbe.Reply status = client.send("GET", location);
        assertThat(status.status()).as(status.toString()).isEqualTo(404);
        assertThat(status.errorCode()).isEqualTo("BLOB_UPLOAD_UNKNOWN");
        HttpProbe.Reply late = client.sendChunked("PATCH", location, () -> new ByteArrayInputStream(blob), "Content-Type", OCTETS);
        assertThat(late.status()).as(late.toString()).isEqualTo(404);
        assertThat(late.errorCode()).isEqualTo("BLOB_UPLOAD_UNKNOWN");
        assertThat(client.send("HEAD", client.v2(repository + "/blobs/" + Sha256.of(blob))).status()).isEqualTo(404);
    }

    private static String start(String repository) {
        HttpProbe.Reply started = client.send("POST", client.v2(repository + "/blobs/uploads/"), new byte[0]);
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        return client.resolve(started.header("Location").orElseThrow());
    }
}
