package dev.wharf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The benchmarks' fixtures measure what they claim: distinct blobs, one fill per blob, hits that stay local. */
@Timeout(120)
class BenchFixturesTest {
    private static final long SIZE = 3L << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private BenchRig rig;

    @BeforeEach
    void start() throws Exception {
        rig = BenchRig.start(SIZE);
    }

    @AfterEach
    void stop() throws Exception {
        rig.close();
    }

    @Test
    void serialsAreDistinctBlobsWithTheBytesTheirDigestsName() throws Exception {
        BlobUpstream.Blob first = rig.upstream.blob(SIZE, 1);
        BlobUpstream.Blob second = rig.upstream.blob(SIZE, 2);
        assertThat(first.digest()).isNotEqualTo(second.digest());
        try (BlobClient direct = BlobClient.connect(rig.group, rig.transport, rig.upstream.port())) {
            BlobClient.Response response = direct.get("/v2/any/name/blobs/" + second.digest(), true, TIMEOUT);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bytes()).isEqualTo(SIZE);
            assertThat(response.digest()).isEqualTo(second.digest());
        }
    }

    @Test
    void aColdFillFetchesOnceAndStoresTheBlobThenHitsStayLocal() throws Exception {
        BlobUpstream.Blob blob = rig.upstream.blob(SIZE, 5);
        String path = WharfUnderTest.blobPath("bench/app", blob.digest());

        BlobClient.Response fill = rig.client.get(path, true, TIMEOUT);
        assertThat(fill.status()).isEqualTo(200);
        assertThat(fill.digest()).isEqualTo(blob.digest());
        assertThat(rig.upstream.gets()).isEqualTo(1);
        assertThat(Files.size(rig.wharf.blobFile(blob.digest()))).isEqualTo(SIZE);

        for (int i = 0; i < 3; i++) {
            BlobClient.Response hit = rig.client.get(path, true, TIMEOUT);
            assertThat(hit.status()).isEqualTo(200);
            assertThat(hit.digest()).isEqualTo(blob.digest());
        }
        assertThat(rig.upstream.gets()).isEqualTo(1);
        assertThat(rig.client.connections()).isEqualTo(1);
    }
}
