package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.e2e.support.ClusterStores;
import dev.wharf.e2e.support.CountingBlobUpstream;
import dev.wharf.e2e.support.DistributionRegistry;
import dev.wharf.e2e.support.HttpProbe;
import dev.wharf.e2e.support.ImageFactory;
import dev.wharf.e2e.support.ImagePublisher;
import dev.wharf.e2e.support.OciDescriptor;
import dev.wharf.e2e.support.OciLayout;
import dev.wharf.e2e.support.RegistryMediaTypes;
import dev.wharf.e2e.support.RemoteRepository;
import dev.wharf.e2e.support.RequiredProgram;
import dev.wharf.e2e.support.Sha256;
import dev.wharf.e2e.support.Waits;
import dev.wharf.e2e.support.WharfProcess;
import dev.wharf.e2e.support.WharfProcesses;
import dev.wharf.storage.blob.s3.S3ProxyProcess;
import dev.wharf.storage.testing.PostgresSchemas;
import dev.wharf.storage.testing.RedisServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Wharf processes as one cluster (one s3proxy bucket, one PostgreSQL schema, a cluster secret) on a private
 * redis-server, which is killed for several seconds under continuous traffic to both replicas, then started again
 * on the same port. While Redis is down every request still succeeds with the right bytes, each replica
 * coordinating its fills in-process (so a cold image asked of both replicas at once is filled by both), and says
 * it is degraded on {@code /health/ready} and in its metrics. Once both report Redis available again, fills are
 * single-flight across the replicas again: clients split over both asking at once for one new large blob behind
 * a slow upstream make exactly one upstream GET, and all get its bytes.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@RequiredProgram(value = DistributionRegistry.PROGRAM, debianPackage = DistributionRegistry.DEBIAN_PACKAGE)
class ClusterRedisOutageTest {
    /** Client threads; thread {@code t} talks to replica a when t is even, b when odd, so pairs span both. */
    private static final int THREADS = 6;
    private static final int PAIRS = THREADS / 2;
    /** Cold images per pair for each phase: each is pulled by both threads of a pair, so by both replicas. */
    private static final int COLD_BEFORE = 1;
    private static final int COLD_DOWN = 4;
    private static final int COLD_AFTER = 2;
    /** How long Redis stays down once both replicas said they run degraded. */
    private static final Duration OUTAGE = Duration.ofSeconds(6);
    private static final Duration STATE_CHANGE = Duration.ofSeconds(30);
    private static final String DEGRADED = "degraded: coordination: Redis is unreachable";
    private static final Pattern AVAILABLE = Pattern.compile("(?m)^wharf_coordination_available ([0-9.]+)$");
    private static final Pattern OUTAGES = Pattern.compile("(?m)^wharf_coordination_outages_total ([0-9.]+)$");

    @RegisterExtension
    static final PostgresSchemas POSTGRES = new PostgresSchemas();

    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    /** Where the outage stands: Redis up, killed, started again but not yet seen by both replicas, seen by both. */
    enum Phase { BEFORE, DOWN, RESTARTING, AFTER }

    /** One image a client pulls: its manifest by tag, then its config and layer by digest. */
    private record Image(String repository, String tag, OciLayout layout) {
    }

    /** One request of the traffic: which replica, what, while Redis was in which phase, and what went wrong (null: nothing). */
    private record Outcome(String replica, String what, Phase started, Phase ended, boolean cold, String failure) {
    }

    @Test
    void noRequestFailsWhileRedisIsDownAndCrossReplicaSingleFlightResumesOnceItIsBack() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.onFreePort().start();
             S3ProxyProcess s3 = S3ProxyProcess.start();
             DistributionRegistry registry = DistributionRegistry.start(tmp.resolve("registry"));
             CountingBlobUpstream slow = new CountingBlobUpstream(Duration.ofSeconds(8))) {
            String bucket = "outage-" + UUID.randomUUID();
            s3.createBucket(bucket);
            ClusterStores stores = new ClusterStores(s3.endpoint(), bucket, S3ProxyProcess.ACCESS_KEY,
                    S3ProxyProcess.SECRET_KEY, POSTGRES.newSchemaUrl(), POSTGRES.user(), redis.url(),
                    "e2e-" + UUID.randomUUID(), "5s", "60s");

            ImagePublisher publisher = new ImagePublisher(registry.url());
            Image warm = publish(publisher, "e2e/warm", "warm", 4100);
            List<List<List<Image>>> cold = new ArrayList<>();
            int seed = 4200;
            for (Phase phase : Phase.values()) {
                int perPair = switch (phase) {
                    case BEFORE -> COLD_BEFORE;
                    case DOWN -> COLD_DOWN;
                    case RESTARTING -> 0;
                    case AFTER -> COLD_AFTER;
                };
                List<List<Image>> pairs = new ArrayList<>();
                for (int pair = 0; pair < PAIRS; pair++) {
                    List<Image> images = new ArrayList<>();
                    for (int i = 0; i < perPair; i++, seed++) {
                        images.add(publish(publisher, "e2e/cold", phase.name().toLowerCase() + "-" + pair + "-" + i, seed));
                    }
                    pairs.add(images);
                }
                cold.add(pairs);
            }

            WharfProcess a = replica("a", stores, registry.url(), slow.url());
            WharfProcess b = replica("b", stores, registry.url(), slow.url());
            try {
                // The warm image is cached through a before the traffic: both replicas serve it from the shared stores.
                List<Outcome> warmUp = new ArrayList<>();
                pull(a, "a", warm, false, () -> Phase.BEFORE, warmUp);
                assertThat(warmUp).as("the warm-up pull").allMatch(outcome -> outcome.failure() == null);
                assertThat(coordinationAvailable(a)).as("a's coordination before the outage").isTrue();
                assertThat(coordinationAvailable(b)).as("b's coordination before the outage").isTrue();

                Traffic traffic = new Traffic(List.of(a, b), warm, cold);
                try {
                    traffic.awaitColdPulls(Phase.BEFORE, Duration.ofSeconds(60));

                    redis.kill();
                    traffic.phase = Phase.DOWN;
                    for (WharfProcess replica : List.of(a, b)) {
                        Waits.until(STATE_CHANGE, replica.hostPort() + " to say it runs degraded",
                                () -> HttpProbe.get(replica.url() + "/health/ready").text().contains(DEGRADED),
                                () -> HttpProbe.get(replica.url() + "/health/ready").toString());
                        HttpProbe.Reply ready = HttpProbe.get(replica.url() + "/health/ready");
                        assertThat(ready.status()).as("degraded is still ready: " + ready).isEqualTo(200);
                        String metrics = metrics(replica);
                        assertThat(gauge(AVAILABLE, metrics)).as(replica.hostPort() + " wharf_coordination_available").isEqualTo(0.0);
                        assertThat(gauge(OUTAGES, metrics)).as(replica.hostPort() + " wharf_coordination_outages_total").isGreaterThanOrEqualTo(1.0);
                    }
                    Waits.sleep(OUTAGE);
                    traffic.awaitColdPulls(Phase.DOWN, Duration.ofSeconds(60));

                    redis.start();
                    traffic.phase = Phase.RESTARTING;
                    for (WharfProcess replica : List.of(a, b)) {
                        Waits.until(STATE_CHANGE, replica.hostPort() + " to report Redis available again",
                                () -> coordinationAvailable(replica) && HttpProbe.get(replica.url() + "/health/ready").text().equals("ready\n"),
                                () -> HttpProbe.get(replica.url() + "/health/ready") + "\n" + metricLines(replica));
                    }
                    traffic.phase = Phase.AFTER;
                    traffic.awaitColdPulls(Phase.AFTER, Duration.ofSeconds(60));
                } finally {
                    traffic.stop();
                }

                List<Outcome> outcomes = traffic.outcomes();
                System.out.println("ClusterRedisOutageTest traffic, requests by replica and phase (started-ended): " + outcomes.stream()
                        .collect(java.util.stream.Collectors.groupingBy(o -> o.replica() + " " + o.started() + "-" + o.ended(),
                                java.util.TreeMap::new, java.util.stream.Collectors.counting())));
                List<Outcome> failed = outcomes.stream().filter(outcome -> outcome.failure() != null).toList();
                assertThat(failed).as("failed requests, of " + outcomes.size()).isEmpty();
                for (String replica : List.of("a", "b")) {
                    long downCold = outcomes.stream().filter(o -> o.replica().equals(replica) && o.cold()
                            && o.started() == Phase.DOWN && o.ended() == Phase.DOWN).count();
                    // One thread of each pair per replica; each cold image is a manifest, a config and a layer.
                    long downWarm = outcomes.stream().filter(o -> o.replica().equals(replica) && !o.cold()
                            && o.started() == Phase.DOWN && o.ended() == Phase.DOWN).count();
                    assertThat(downCold).as("cold requests to %s made and answered while Redis was down", replica)
                            .isEqualTo(3L * PAIRS * COLD_DOWN);
                    assertThat(downWarm).as("cached requests to %s made and answered while Redis was down", replica)
                            .isGreaterThan(0L);
                }
                for (WharfProcess replica : List.of(a, b)) {
                    // Once each way per outage; a command slower than the 500 ms timeout on a loaded machine is one more.
                    assertThat(replica.logLinesContaining("WARN RedisCoordination - ")).as(replica.hostPort() + " WARNed of the outage")
                            .isNotEmpty().allMatch(line -> line.contains(" is unreachable ("));
                    assertThat(replica.logLinesContaining("INFO RedisCoordination - ")).as(replica.hostPort() + " told of the recovery")
                            .isNotEmpty().allMatch(line -> line.contains(" answers again after "));
                    assertThat(replica.logLinesContaining("ConnectionWatchdog")).as(replica.hostPort() + ": lettuce's reconnection log")
                            .isEmpty();
                }

                singleFlightAcrossReplicas(a, b, slow);
            } finally {
                // Before Redis, s3proxy and the registry go away at the end of the try-with-resources.
                a.stop();
                b.stop();
            }
        }
    }

    /** Eight clients, half on each replica, ask at once for a new 24 MiB blob the slow upstream takes 8 s to send. */
    private static void singleFlightAcrossReplicas(WharfProcess a, WharfProcess b, CountingBlobUpstream slow) throws Exception {
        byte[] content = new byte[24 << 20];
        new Random(4999).nextBytes(content);
        String digest = slow.add(content);
        String path = "/v2/slow/e2e/big/blobs/" + digest;
        int clients = 8;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpProbe.Streamed>> pulls = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                String url = (i % 2 == 0 ? a : b).url() + path;
                pulls.add(pool.submit(() -> {
                    go.await();
                    return HttpProbe.getStreamed(url);
                }));
            }
            go.countDown();
            for (Future<HttpProbe.Streamed> pull : pulls) {
                HttpProbe.Streamed body = pull.get(120, TimeUnit.SECONDS);
                assertThat(body.status()).as(body.toString()).isEqualTo(200);
                assertThat(body.completed()).as(body.toString()).isTrue();
                assertThat(body.bytes()).as(body.toString()).isEqualTo(content.length);
                assertThat(body.digest()).as(body.toString()).isEqualTo(digest);
            }
            assertThat(slow.blobGets(digest)).as("upstream GETs of the new blob, over both replicas: " + slow.requests())
                    .isEqualTo(1);
            // The replica that lost the lease streamed the holder's fill through the cluster endpoint.
            String peerLine = "GET /_wharf/cluster/fills/slow%2Fsha256%3A" + Sha256.hex(digest) + " 200 ";
            Waits.until(Duration.ofSeconds(10), "a replica's access log to show the other following its fill",
                    () -> !a.logLinesContaining(peerLine).isEmpty() || !b.logLinesContaining(peerLine).isEmpty());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Client threads pulling, until stopped: each iteration the cached image, and the next cold image of the phase. */
    private final class Traffic {
        private final List<WharfProcess> replicas;
        private final Image warm;
        private final List<List<List<Image>>> cold;
        private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        /** Per phase, how many threads have pulled every cold image of their pair for it. */
        private final List<CountDownLatch> coldDone = new ArrayList<>();
        private final ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        private final List<Future<?>> running = new ArrayList<>();
        volatile Phase phase = Phase.BEFORE;
        private volatile boolean stopped;

        Traffic(List<WharfProcess> replicas, Image warm, List<List<List<Image>>> cold) {
            this.replicas = replicas;
            this.warm = warm;
            this.cold = cold;
            for (int i = 0; i < Phase.values().length; i++) {
                coldDone.add(new CountDownLatch(THREADS));
            }
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                running.add(threads.submit(() -> run(thread)));
            }
        }

        private void run(int thread) {
            WharfProcess replica = replicas.get(thread % 2);
            String name = thread % 2 == 0 ? "a" : "b";
            int pair = thread / 2;
            int[] next = new int[Phase.values().length];
            List<Outcome> mine = new ArrayList<>();
            while (!stopped) {
                Phase now = phase;
                List<Image> pool = cold.get(now.ordinal()).get(pair);
                if (next[now.ordinal()] < pool.size()) {
                    pull(replica, name, pool.get(next[now.ordinal()]++), true, () -> phase, mine);
                    if (next[now.ordinal()] == pool.size()) {
                        coldDone.get(now.ordinal()).countDown();
                    }
                }
                pull(replica, name, warm, false, () -> phase, mine);
                outcomes.addAll(mine);
                mine.clear();
                Waits.sleep(Duration.ofMillis(20));
            }
        }

        /** Waits until every thread pulled all its cold images of {@code which}. */
        void awaitColdPulls(Phase which, Duration limit) throws InterruptedException {
            assertThat(coldDone.get(which.ordinal()).await(limit.toMillis(), TimeUnit.MILLISECONDS))
                    .as("every client pulled its cold images while Redis was " + which + ", within " + limit).isTrue();
        }

        void stop() throws Exception {
            stopped = true;
            threads.shutdown();
            for (Future<?> thread : running) {
                thread.get(120, TimeUnit.SECONDS);
            }
        }

        List<Outcome> outcomes() {
            return List.copyOf(outcomes);
        }
    }

    /** Pulls {@code image} from {@code replica}: manifest by tag, then config and layer, checking each digest. */
    private static void pull(WharfProcess replica, String name, Image image, boolean cold,
                             Supplier<Phase> phase, List<Outcome> outcomes) {
        OciDescriptor manifest = image.layout().root();
        String base = replica.url() + "/v2/hub/" + image.repository();
        String tagPath = "/manifests/" + image.tag();
        Phase started = phase.get();
        String failure;
        try {
            HttpProbe.Reply reply = HttpProbe.get(base + tagPath, "Accept", RegistryMediaTypes.ACCEPT_ANY_MANIFEST);
            failure = reply.status() != 200 ? reply.toString()
                    : !reply.digest().equals(manifest.digest()) ? "manifest " + reply.digest() + ", expected " + manifest.digest()
                    : null;
        } catch (RuntimeException e) {
            failure = e.toString();
        }
        outcomes.add(new Outcome(name, "GET " + image.repository() + tagPath, started, phase.get(), cold, failure));
        for (OciDescriptor blob : image.layout().image().blobs()) {
            String blobPath = "/blobs/" + blob.digest();
            started = phase.get();
            try {
                HttpProbe.Streamed body = HttpProbe.getStreamed(base + blobPath);
                failure = body.status() != 200 || !body.completed() || body.bytes() != blob.size()
                        || !body.digest().equals(blob.digest()) ? body + ", expected " + blob : null;
            } catch (RuntimeException e) {
                failure = e.toString();
            }
            outcomes.add(new Outcome(name, "GET " + image.repository() + blobPath, started, phase.get(), cold, failure));
        }
    }

    private Image publish(ImagePublisher publisher, String repository, String tag, long seed) {
        OciLayout layout = ImageFactory.image(tmp.resolve("layouts").resolve(tag), tag, seed, 1);
        publisher.publish(layout, repository);
        return new Image(repository, tag, layout);
    }

    private WharfProcess replica(String name, ClusterStores stores, String registryUrl, String slowUrl) {
        return wharfs.start(WharfProcess.builder(tmp.resolve(name)).name("cluster-redis-outage-" + name).cluster(stores)
                .remote(RemoteRepository.of("hub", registryUrl))
                .remote(RemoteRepository.of("slow", slowUrl)));
    }

    private static boolean coordinationAvailable(WharfProcess replica) {
        return gauge(AVAILABLE, metrics(replica)) == 1.0;
    }

    private static String metrics(WharfProcess replica) {
        HttpProbe.Reply reply = HttpProbe.get(replica.url() + "/metrics");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.text();
    }

    private static String metricLines(WharfProcess replica) {
        return metrics(replica).lines().filter(line -> line.startsWith("wharf_coordination")).toList().toString();
    }

    private static double gauge(Pattern pattern, String metrics) {
        Matcher matcher = pattern.matcher(metrics);
        assertThat(matcher.find()).as("metrics hold " + pattern.pattern()).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
