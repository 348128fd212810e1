package dev.wharf.storage.coord;

import static dev.wharf.storage.testing.Await.result;
import static dev.wharf.storage.testing.Await.resultWithin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.storage.testing.TestRedis;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two replicas, each with its own RedisCoordination (own connections and in-process tier), sharing the Redis of
 * {@link TestRedis} under one prefix. The recheck interval is long, so a prompt wake-up shows the release
 * message or the ttl-timed recheck did it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisCoordinationReplicasTest {
    private static final Duration LONG = Duration.ofSeconds(30);
    private static final Duration PROMPT = Duration.ofMillis(500);
    private static TestRedis redis;

    private final String prefix = TestRedis.randomPrefix();
    private final LeaseHolder replicaA = new LeaseHolder("replica-a", "http://10.0.0.5:8081");
    private final LeaseHolder replicaB = new LeaseHolder("replica-b", "http://10.0.0.6:8081");
    private RedisCoordination a;
    private RedisCoordination b;

    @BeforeAll
    static void connect() {
        redis = TestRedis.connect();
    }

    @AfterAll
    static void disconnect() {
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void openReplicas() {
        a = new RedisCoordination(settings(prefix), replicaA);
        b = new RedisCoordination(settings(prefix), replicaB);
    }

    @AfterEach
    void closeReplicas() {
        a.close();
        b.close();
        redis.deleteKeys(prefix);
    }

    @Test
    void exactlyOneReplicaWinsEachLease() {
        for (int round = 0; round < 20; round++) {
            String key = "fill-" + round;
            CompletableFuture<Optional<Lease>> fromA = a.tryAcquire(key, LONG);
            CompletableFuture<Optional<Lease>> fromB = b.tryAcquire(key, LONG);

            assertThat(result(fromA).isPresent() ^ result(fromB).isPresent()).as("round %d", round).isTrue();
        }
    }

    @Test
    void theOtherReplicasWaiterWakesPromptlyOnRelease() throws Exception {
        Lease lease = result(a.tryAcquire("fill", LONG)).orElseThrow();
        CompletableFuture<Void> released = b.awaitRelease("fill", LONG);
        Thread.sleep(200);
        assertThat(released).as("held by replica A").isNotDone();

        result(lease.release());

        resultWithin(PROMPT, released);
        assertThat(result(b.tryAcquire("fill", LONG))).isPresent();
    }

    @Test
    void aCrashedHoldersLeaseIsTakenOverOnceItExpires() {
        result(a.tryAcquire("fill", Duration.ofMillis(400))).orElseThrow(); // never released: A "crashed"
        assertThat(result(b.tryAcquire("fill", LONG))).as("while A's lease lives").isEmpty();
        long start = System.nanoTime();

        resultWithin(Duration.ofSeconds(2), b.awaitRelease("fill", LONG));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        Lease takeover = result(b.tryAcquire("fill", LONG)).orElseThrow();
        assertThat(result(a.holder("fill"))).contains(replicaB);
        result(takeover.release());
    }

    @Test
    void aHolderThatLostItsLeaseCanNeitherRenewNorReleaseTheNextOne() {
        Lease lost = result(a.tryAcquire("fill", LONG)).orElseThrow();
        redis.commands().del(prefix + "lease:fill"); // as a Redis restarted without persistence would
        Lease next = result(b.tryAcquire("fill", LONG)).orElseThrow();

        assertThat(result(lost.renew(LONG))).as("renewed by the replica that lost it").isFalse();
        result(lost.release());

        assertThat(result(a.holder("fill"))).contains(replicaB);
        assertThat(result(a.tryAcquire("fill", LONG))).as("B's lease survived A's release").isEmpty();
        result(next.release());
    }

    @Test
    void theOtherReplicaSeesWhoHoldsALeaseAndWhere() {
        Lease lease = result(a.tryAcquire("fill", LONG)).orElseThrow();

        assertThat(result(b.holder("fill"))).contains(replicaA);
        assertThat(result(b.holder("fill")).orElseThrow().address()).isEqualTo("http://10.0.0.5:8081");

        result(lease.release());
        assertThat(result(b.holder("fill"))).isEmpty();
    }

    @Test
    void theCacheIsShared() {
        result(a.cachePut("token", "bearer abc", LONG));
        assertThat(result(b.cacheGet("token"))).contains("bearer abc");

        result(b.cachePut("token", "dropped", Duration.ZERO));

        assertThat(result(a.cacheGet("token"))).isEmpty();
    }

    @Test
    void anotherKeyPrefixIsAnotherFleet() {
        try (RedisCoordination elsewhere = new RedisCoordination(settings(TestRedis.randomPrefix()), replicaB)) {
            Lease lease = result(a.tryAcquire("fill", LONG)).orElseThrow();

            Lease other = result(elsewhere.tryAcquire("fill", LONG)).orElseThrow();

            assertThat(result(elsewhere.holder("fill"))).contains(replicaB);
            result(other.release());
            result(lease.release());
        }
    }

    private static RedisSettings settings(String prefix) {
        RedisSettings defaults = RedisSettings.of(TestRedis.URL).withKeyPrefix(prefix);
        return new RedisSettings(defaults.url(), prefix, defaults.commandTimeout(), defaults.connectTimeout(),
                defaults.probeInterval(), Duration.ofSeconds(10));
    }
}
