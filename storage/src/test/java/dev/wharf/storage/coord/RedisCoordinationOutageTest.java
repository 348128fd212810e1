package dev.wharf.storage.coord;

import static dev.wharf.storage.testing.Await.result;
import static dev.wharf.storage.testing.Await.resultWithin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.storage.testing.RedisServerProcess;
import dev.wharf.storage.testing.TestRedis;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two replicas on a private redis-server that the tests kill, freeze and start again on the same port. Timeouts
 * and intervals are short, so that an outage begins and ends within a second or two.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisCoordinationOutageTest {
    private static final Duration LONG = Duration.ofSeconds(30);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(200);
    /** Long enough for one command timeout on a loaded machine, far shorter than any hang. */
    private static final Duration PROMPT = Duration.ofSeconds(1);
    private static final Duration RECOVERY = Duration.ofSeconds(5);

    private final String prefix = TestRedis.randomPrefix();
    private final LeaseHolder replicaA = new LeaseHolder("replica-a", "http://10.0.0.5:8081");
    private final LeaseHolder replicaB = new LeaseHolder("replica-b", "http://10.0.0.6:8081");
    private RedisServerProcess server;
    private RedisCoordination a;
    private RedisCoordination b;

    @BeforeEach
    void reservePort() throws Exception {
        server = RedisServerProcess.onFreePort();
    }

    @AfterEach
    void stopAll() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        server.close();
    }

    @Test
    void servesAloneWhileRedisIsDownAndSharesAgainOnceItIsBack() throws Exception {
        server.start();
        openReplicas();
        Lease before = result(a.tryAcquire("fill", LONG)).orElseThrow();
        CompletableFuture<Void> waiter = b.awaitRelease("fill", LONG);

        server.kill();

        resultWithin(PROMPT, waiter); // alone, B finds no one holding the lease
        Lease alone = resultWithin(PROMPT, b.tryAcquire("fill", LONG)).orElseThrow();
        assertThat(resultWithin(PROMPT, b.holder("fill"))).contains(replicaB);
        resultWithin(PROMPT, b.cachePut("token", "bearer abc", LONG));
        assertThat(resultWithin(PROMPT, b.cacheGet("token"))).contains("bearer abc");
        assertThat(resultWithin(PROMPT, a.tryAcquire("other", LONG))).isPresent();
        awaitTrue("A sees the outage", () -> !a.available());
        assertThat(b.available()).isFalse();
        assertThat(a.outages()).as("one outage, however many calls failed").isEqualTo(1);
        assertThat(b.outages()).isEqualTo(1);
        resultWithin(PROMPT, alone.release());
        resultWithin(PROMPT, before.release());

        server.start();

        awaitTrue("both replicas see Redis again", () -> a.available() && b.available());
        assertThat(a.outages()).isEqualTo(1);
        Lease shared = result(a.tryAcquire("after", LONG)).orElseThrow();
        assertThat(result(b.tryAcquire("after", LONG))).as("A holds it in Redis again").isEmpty();
        assertThat(result(b.holder("after"))).contains(replicaA);
        CompletableFuture<Void> released = b.awaitRelease("after", LONG);
        result(shared.release());
        resultWithin(PROMPT, released);
    }

    @Test
    void startsAloneWhenRedisIsDownAndJoinsItOnceItAnswers() throws Exception {
        long start = System.nanoTime();
        openReplicas();

        // Bounded by lettuce's timeouts; the first connection attempt in a JVM also loads much of Netty.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("construction waits a bounded time")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(a.available()).isFalse();
        assertThat(resultWithin(PROMPT, a.tryAcquire("fill", LONG))).isPresent();
        assertThat(resultWithin(PROMPT, b.tryAcquire("fill", LONG))).as("each replica alone").isPresent();

        server.start();

        awaitTrue("both replicas joined Redis", () -> a.available() && b.available());
        Lease shared = result(a.tryAcquire("after", LONG)).orElseThrow();
        assertThat(result(b.tryAcquire("after", LONG))).isEmpty();
        result(shared.release());
    }

    @Test
    void aFailedReconnectionBeginsTheOutageWithoutWaitingForACallOrTheProbe() throws Exception {
        server.start();
        // A probe far apart: only lettuce's reconnection attempt, a few ms after the connection dropped, can tell.
        a = new RedisCoordination(new RedisSettings(server.url(), prefix, COMMAND_TIMEOUT, Duration.ofMillis(500),
                Duration.ofSeconds(30), Duration.ofMillis(500)), replicaA);
        assertThat(a.available()).isTrue();

        server.kill();

        awaitTrue("A sees the outage, with no call made", () -> !a.available());
        assertThat(a.outages()).isEqualTo(1);
    }

    @Test
    void aFrozenRedisCostsACallAtMostTheCommandTimeout() throws Exception {
        server.start();
        openReplicas();

        server.pause();
        Lease taken = resultWithin(PROMPT, a.tryAcquire("fill", LONG)).orElseThrow();
        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            assertThat(resultWithin(PROMPT, a.cacheGet("token"))).isEmpty();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("once the outage began, calls skip Redis")
                .isLessThan(COMMAND_TIMEOUT);
        server.resume();

        awaitTrue("A sees Redis again", a::available);
        // The SET NX that timed out may have run once Redis thawed: releasing clears it for other replicas.
        resultWithin(PROMPT, taken.release());
        assertThat(result(b.tryAcquire("fill", LONG))).isPresent();
    }

    @Test
    void aLeaseTakenBeforeAnOutageIsStillHeldOnItsReplica() throws Exception {
        server.start();
        openReplicas();
        Lease lease = result(a.tryAcquire("fill", LONG)).orElseThrow();

        server.kill();

        assertThat(resultWithin(PROMPT, lease.renew(LONG))).as("renewed on this replica alone").isTrue();
        assertThat(resultWithin(PROMPT, a.tryAcquire("fill", LONG))).isEmpty();
        assertThat(resultWithin(PROMPT, a.holder("fill"))).contains(replicaA);
        resultWithin(PROMPT, lease.release());
        Optional<Lease> next = resultWithin(PROMPT, a.tryAcquire("fill", LONG));
        assertThat(next).isPresent();
        resultWithin(PROMPT, next.get().release());
    }

    private void openReplicas() {
        a = new RedisCoordination(settings(), replicaA);
        b = new RedisCoordination(settings(), replicaB);
    }

    private RedisSettings settings() {
        return new RedisSettings(server.url(), prefix, COMMAND_TIMEOUT, Duration.ofMillis(500), Duration.ofMillis(200),
                Duration.ofMillis(500));
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + ": not within " + RECOVERY);
            }
            Thread.sleep(20);
        }
    }
}
