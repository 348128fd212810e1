package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.e2e.support.BucketProbe;
import dev.wharf.e2e.support.ClusterStores;
import dev.wharf.e2e.support.DistributionRegistry;
import dev.wharf.e2e.support.HttpProbe;
import dev.wharf.e2e.support.ImageFactory;
import dev.wharf.e2e.support.ImagePublisher;
import dev.wharf.e2e.support.OciLayout;
import dev.wharf.e2e.support.PseudoRandomBytes;
import dev.wharf.e2e.support.RemoteRepository;
import dev.wharf.e2e.support.RequiredProgram;
import dev.wharf.e2e.support.Sha256;
import dev.wharf.e2e.support.Skopeo;
import dev.wharf.e2e.support.ThrottledRelay;
import dev.wharf.e2e.support.Waits;
import dev.wharf.e2e.support.WharfProcess;
import dev.wharf.e2e.support.WharfProcesses;
import dev.wharf.storage.blob.s3.S3ProxyProcess;
import dev.wharf.storage.testing.PostgresSchemas;
import dev.wharf.storage.testing.TestRedis;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Wharf processes as one cluster: one S3 bucket (s3proxy), one PostgreSQL schema, the Redis at its local
 * port and a cluster secret. What one replica cached, the other serves; a miss requested on both replicas at
 * once is one upstream fetch, which the second replica streams from the first as it arrives; and a replica
 * killed in the middle of a fill leaves no object under the digest, the other replica fetches the content
 * itself, right to the last byte (also for a pull that was following the dead replica's fill), and the dead
 * one's multipart upload is aborted by the reaper.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
@RequiredProgram(value = DistributionRegistry.PROGRAM, debianPackage = DistributionRegistry.DEBIAN_PACKAGE)
class ClusterTest {
    @RegisterExtension
    static final PostgresSchemas POSTGRES = new PostgresSchemas();

    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    private static S3ProxyProcess s3;
    private BucketProbe bucket;

    @TempDir
    Path tmp;

    /** Reaping after 30 s: longer than any live fill here takes, so only the dead replica's upload qualifies. */
    private ClusterStores stores;

    @BeforeEach
    void sharedStores() throws Exception {
        TestRedis.connect().close();
        if (s3 == null) {
            s3 = S3ProxyProcess.start();
        }
        String name = "cluster-" + UUID.randomUUID();
        s3.createBucket(name);
        bucket = new BucketProbe(s3.client(), name);
        stores = new ClusterStores(s3.endpoint(), name, S3ProxyProcess.ACCESS_KEY, S3ProxyProcess.SECRET_KEY,
                POSTGRES.newSchemaUrl(), POSTGRES.user(), TestRedis.URL, "e2e-" + UUID.randomUUID(), "1s", "30s");
    }

    @AfterEach
    void closeProbe() {
        if (bucket != null) {
            bucket.close();
        }
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
    }

    @Test
    @RequiredProgram(value = Skopeo.PROGRAM, debianPackage = Skopeo.DEBIAN_PACKAGE)
    void whatOneReplicaPulledTheOtherServesWithTheUpstreamDown() {
        OciLayout layout = ImageFactory.image(tmp.resolve("layout"), "v1", 131, 4);
        Skopeo skopeo = new Skopeo(tmp.resolve("skopeo"));
        try (DistributionRegistry registry = DistributionRegistry.start(tmp.resolve("registry"))) {
            skopeo.push(layout, registry.hostPort(), "e2e/app");
            WharfProcess a = replica("a", registry.url());
            WharfProcess b = replica("b", registry.url());

            skopeo.copyToDir(a.hostPort() + "/hub/e2e/app:v1", tmp.resolve("via-a"));
            Skopeo.verifyDirCopy(tmp.resolve("via-a"), layout.image());
            registry.stop();

            skopeo.copyToDir(b.hostPort() + "/hub/e2e/app:v1", tmp.resolve("via-b"));
            Skopeo.verifyDirCopy(tmp.resolve("via-b"), layout.image());
        }
    }

    @Test
    void thirtyTwoClientsOnTwoReplicasMakeOneUpstreamGet() throws Exception {
        long size = 256L << 20;
        long seed = 1611;
        String digest = Sha256.ofStream(PseudoRandomBytes.stream(seed, size));
        ExecutorService clients = Executors.newFixedThreadPool(32);
        try (DistributionRegistry registry = DistributionRegistry.start(tmp.resolve("registry"));
             ThrottledRelay relay = new ThrottledRelay(registry.port(), 48L << 20)) {
            new ImagePublisher(registry.url()).uploadBlob("e2e/big", digest, size, () -> PseudoRandomBytes.stream(seed, size));
            WharfProcess a = replica("a", relay.url());
            WharfProcess b = replica("b", relay.url());
            String path = "/v2/hub/e2e/big/blobs/" + digest;

            CountDownLatch go = new CountDownLatch(1);
            List<Future<Pull>> onA = new ArrayList<>();
            List<Future<Pull>> onB = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String url = (i % 2 == 0 ? a : b).url() + path;
                (i % 2 == 0 ? onA : onB).add(clients.submit(() -> {
                    go.await();
                    return Pull.of(url);
                }));
            }
            long start = System.nanoTime();
            go.countDown();

            List<Long> firstBytesA = new ArrayList<>();
            List<Long> firstBytesB = new ArrayList<>();
            for (List<Future<Pull>> side : List.of(onA, onB)) {
                for (Future<Pull> future : side) {
                    Pull pull = future.get(180, TimeUnit.SECONDS);
                    assertThat(pull.status()).as(pull.toString()).isEqualTo(200);
                    assertThat(pull.bytes()).as(pull.toString()).isEqualTo(size);
                    assertThat(pull.digest()).as(pull.toString()).isEqualTo(digest);
                    (side == onA ? firstBytesA : firstBytesB).add(pull.firstByteNanos() - start);
                }
            }
            assertThat(relay.responseBytes()).as("bytes the upstream sent, over both replicas").isLessThan(size + (1 << 20));
            long medianA = median(firstBytesA);
            long medianB = median(firstBytesB);
            assertThat(Math.abs(medianB - medianA)).as("median first byte on a %d ms, on b %d ms",
                    medianA / 1_000_000, medianB / 1_000_000).isLessThan(TimeUnit.SECONDS.toNanos(1));
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void aReplicaKilledMidFillLeavesTheOtherToFetchTheContent() throws Exception {
        long size = 64L << 20;
        long seed = 1613;
        String digest = Sha256.ofStream(PseudoRandomBytes.stream(seed, size));
        try (DistributionRegistry registry = DistributionRegistry.start(tmp.resolve("registry"));
             ThrottledRelay relay = new ThrottledRelay(registry.port(), 4L << 20)) {
            new ImagePublisher(registry.url()).uploadBlob("e2e/big", digest, size, () -> PseudoRandomBytes.stream(seed, size));
            WharfProcess a = replica("a", relay.url());
            WharfProcess b = replica("b", relay.url());
            String path = "/v2/hub/e2e/big/blobs/" + digest;

            CompletableFuture<HttpProbe.Streamed> onA = CompletableFuture.supplyAsync(() -> HttpProbe.getStreamed(a.url() + path));
            Waits.until(Duration.ofSeconds(30), "replica a to be a third of the way through its fill",
                    () -> relay.responseBytes() > size / 3, () -> "relayed " + relay.responseBytes() + " bytes");
            // A pull on b now follows a's fill; when a dies under it, b takes the fill over.
            CompletableFuture<HttpProbe.Streamed> following = CompletableFuture.supplyAsync(() -> HttpProbe.getStreamed(b.url() + path));
            Waits.until(Duration.ofSeconds(30), "replica a to be half way through its fill", () -> relay.responseBytes() > size / 2,
                    () -> "relayed " + relay.responseBytes() + " bytes");
            a.kill();
            assertThat(onA.handle((body, failure) -> failure != null || !body.completed()).join()).as("a's pull was cut").isTrue();
            assertThat(bucket.uploads()).as("a's fill was uploading parts to the blob's key").contains(BucketProbe.blobKey(digest));
            assertThat(bucket.keys()).as("nothing partial is visible under the digest").doesNotContain(BucketProbe.blobKey(digest));
            relay.unthrottle();

            HttpProbe.Streamed followed = following.get(120, TimeUnit.SECONDS);
            assertThat(followed.status()).as(followed.toString()).isEqualTo(200);
            assertThat(followed.completed()).as("b's pull that followed a's fill, across the takeover: " + followed).isTrue();
            assertThat(followed.digest()).isEqualTo(digest);

            HttpProbe.Streamed onB = HttpProbe.getStreamed(b.url() + path);
            assertThat(onB.status()).as(onB.toString()).isEqualTo(200);
            assertThat(onB.completed()).as(onB.toString()).isTrue();
            assertThat(onB.digest()).isEqualTo(digest);
            assertThat(bucket.sha256(BucketProbe.blobKey(digest))).hasValue(digest);
            Waits.until(Duration.ofSeconds(60), "the reaper to abort the dead replica's upload", () -> bucket.uploads().isEmpty(),
                    () -> "unfinished uploads: " + bucket.uploads());
        }
    }

    private WharfProcess replica(String name, String upstream) {
        return wharfs.start(WharfProcess.builder(tmp.resolve(name)).name("cluster-" + name).cluster(stores)
                .remote(RemoteRepository.of("hub", upstream)));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** One client's GET: its status, when its first body byte came, and what it read. */
    private record Pull(int status, long firstByteNanos, long bytes, String digest) {
        private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        static Pull of(String url) throws IOException, InterruptedException {
            HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofInputStream());
            MessageDigest sha = Sha256.newDigest();
            long firstByte = 0;
            long total = 0;
            byte[] buffer = new byte[1 << 16];
            try (InputStream body = response.body()) {
                for (int n; (n = body.read(buffer)) >= 0; ) {
                    if (total == 0 && n > 0) {
                        firstByte = System.nanoTime();
                    }
                    sha.update(buffer, 0, n);
                    total += n;
                }
            }
            return new Pull(response.statusCode(), firstByte, total, Sha256.digestString(sha));
        }
    }
}
