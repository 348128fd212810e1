package dev.wharf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.server.Transport;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The benchmarks' fixtures measure what they claim: distinct blobs, one fill per blob, hits that stay local. */
@Timeout(120)
class BenchFixturesTest {
    private static final long SIZE = 3L << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Transport transport = Transport.best();
    private EventLoopGroup group;
    private BlobUpstream upstream;
    private WharfUnderTest wharf;
    private BlobClient client;

    @BeforeEach
    void start() throws Exception {
        group = transport.newGroup(1, new DefaultThreadFactory("test-client", true));
        upstream = BlobUpstream.start(SIZE, group, transport);
        wharf = WharfUnderTest.start(upstream.port());
        client = BlobClient.connect(group, transport, wharf.port());
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        wharf.close();
        upstream.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void serialsAreDistinctBlobsWithTheBytesTheirDigestsName() throws Exception {
        BlobUpstream.Blob first = upstream.blob(SIZE, 1);
        BlobUpstream.Blob second = upstream.blob(SIZE, 2);
        assertThat(first.digest()).isNotEqualTo(second.digest());
        try (BlobClient direct = BlobClient.connect(group, transport, upstream.port())) {
            BlobClient.Response response = direct.get("/v2/any/name/blobs/" + second.digest(), true, TIMEOUT);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bytes()).isEqualTo(SIZE);
            assertThat(response.digest()).isEqualTo(second.digest());
        }
    }

    @Test
    void aColdFillFetchesOnceAndStoresTheBlobThenHitsStayLocal() throws Exception {
        BlobUpstream.Blob blob = upstream.blob(SIZE, 5);
        String path = WharfUnderTest.blobPath("bench/app", blob.digest());

        BlobClient.Response fill = client.get(path, true, TIMEOUT);
        assertThat(fill.status()).isEqualTo(200);
        assertThat(fill.digest()).isEqualTo(blob.digest());
        assertThat(upstream.gets()).isEqualTo(1);
        assertThat(Files.size(wharf.blobFile(blob.digest()))).isEqualTo(SIZE);

        for (int i = 0; i < 3; i++) {
            BlobClient.Response hit = client.get(path, true, TIMEOUT);
            assertThat(hit.status()).isEqualTo(200);
            assertThat(hit.digest()).isEqualTo(blob.digest());
        }
        assertThat(upstream.gets()).isEqualTo(1);
    }
}
