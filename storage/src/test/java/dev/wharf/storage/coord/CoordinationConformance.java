package dev.wharf.storage.coord;

import static dev.wharf.storage.testing.Await.failure;
import static dev.wharf.storage.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link Coordination} must show, run against each implementation by subclassing.
 * Keys carry a random prefix per test, so a shared backend needs no cleaning; ttls are short (hundreds of
 * milliseconds) and waits generous, to stay quick and still tolerate a loaded machine.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class CoordinationConformance {
    private static final Duration LONG = Duration.ofSeconds(30);

    /** The coordination under test. */
    protected Coordination coordination;
    /** The replica the coordination under test speaks for. */
    protected final LeaseHolder self = new LeaseHolder("replica-" + UUID.randomUUID(), "http://10.0.0.5:8081");
    private final String prefix = "conformance-" + UUID.randomUUID() + ":";

    /** A coordination to test whose leases name {@code self}; it may share a backend with other tests. */
    protected abstract Coordination createCoordination(LeaseHolder self) throws Exception;

    @BeforeEach
    final void open() throws Exception {
        coordination = createCoordination(self);
    }

    @AfterEach
    final void close() {
        coordination.close();
    }

    /** {@code name}, made unique to this test. */
    protected final String key(String name) {
        return prefix + name;
    }

    @Test
    void onlyOneOfManyConcurrentAcquirersWins() throws Exception {
        String key = key("fill");
        int contenders = 50;
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Optional<Lease>> outcomes;
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Optional<Lease>>> attempts = new ArrayList<>();
            for (int i = 0; i < contenders; i++) {
                attempts.add(CompletableFuture.supplyAsync(() -> {
                    awaitLatch(start);
                    return coordination.tryAcquire(key, LONG);
                }, threads).thenCompose(attempt -> attempt));
            }
            start.countDown();
            outcomes = attempts.stream().map(attempt -> result(attempt)).toList();
        } finally {
            threads.shutdown();
        }

        List<Lease> winners = outcomes.stream().flatMap(Optional::stream).toList();
        assertThat(winners).hasSize(1);
        assertThat(winners.get(0).key()).isEqualTo(key);
        result(winners.get(0).release());
        assertThat(result(coordination.tryAcquire(key, LONG))).as("free again after release").isPresent();
    }

    @Test
    void leasesOnDifferentKeysAreIndependent() {
        Lease a = result(coordination.tryAcquire(key("a"), LONG)).orElseThrow();
        Lease b = result(coordination.tryAcquire(key("b"), LONG)).orElseThrow();

        assertThat(a.key()).isNotEqualTo(b.key());
        result(a.release());
        result(b.release());
    }

    @Test
    void awaitReleaseOfAFreeKeyCompletesAtOnce() {
        result(coordination.awaitRelease(key("nobody holds this"), LONG));
    }

    @Test
    void awaitReleaseCompletesWhenTheHolderReleases() throws Exception {
        Lease lease = result(coordination.tryAcquire(key("fill"), LONG)).orElseThrow();
        CompletableFuture<Void> released = coordination.awaitRelease(key("fill"), LONG);
        Thread.sleep(100);
        assertThat(released).as("still held").isNotDone();

        result(lease.release());

        result(released);
        assertThat(result(coordination.tryAcquire(key("fill"), LONG))).isPresent();
    }

    @Test
    void releaseIsIdempotent() {
        Lease lease = result(coordination.tryAcquire(key("fill"), LONG)).orElseThrow();
        result(lease.release());
        Lease next = result(coordination.tryAcquire(key("fill"), LONG)).orElseThrow();

        result(lease.release()); // a stale release must not free the next holder's lease

        assertThat(result(coordination.tryAcquire(key("fill"), LONG))).isEmpty();
        result(next.release());
    }

    @Test
    void anUnreleasedLeaseExpiresAndWakesItsWaiters() {
        result(coordination.tryAcquire(key("crashed holder"), Duration.ofMillis(300))).orElseThrow();
        long start = System.nanoTime();

        result(coordination.awaitRelease(key("crashed holder"), LONG));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(result(coordination.holder(key("crashed holder")))).as("no holder once expired").isEmpty();
        Optional<Lease> next = result(coordination.tryAcquire(key("crashed holder"), LONG));
        assertThat(next).as("the expired lease can be taken").isPresent();
        result(next.get().release());
    }

    @Test
    void awaitReleaseTimesOut() {
        Lease lease = result(coordination.tryAcquire(key("slow fill"), LONG)).orElseThrow();

        Throwable failure = failure(coordination.awaitRelease(key("slow fill"), Duration.ofMillis(200)));

        assertThat(failure).isInstanceOf(TimeoutException.class);
        result(lease.release());
    }

    @Test
    void renewKeepsTheLeaseBeyondItsFirstTtl() throws Exception {
        Lease lease = result(coordination.tryAcquire(key("long fill"), Duration.ofMillis(600))).orElseThrow();
        Thread.sleep(100);

        assertThat(result(lease.renew(Duration.ofSeconds(5)))).isTrue();
        Thread.sleep(700);

        assertThat(result(coordination.tryAcquire(key("long fill"), LONG))).as("still held after the first ttl")
                .isEmpty();
        result(lease.release());
        assertThat(result(lease.renew(LONG))).as("renewing a released lease").isFalse();
    }

    @Test
    void renewOfAnExpiredLeaseFails() throws Exception {
        Lease lease = result(coordination.tryAcquire(key("lost"), Duration.ofMillis(150))).orElseThrow();
        Thread.sleep(400);

        assertThat(result(lease.renew(LONG))).isFalse();
    }

    @Test
    void holderNamesTheReplicaHoldingTheLeaseUntilItIsReleased() {
        assertThat(result(coordination.holder(key("fill")))).as("before anyone took it").isEmpty();
        Lease lease = result(coordination.tryAcquire(key("fill"), LONG)).orElseThrow();

        assertThat(result(coordination.holder(key("fill")))).contains(self);
        assertThat(result(coordination.holder(key("other")))).isEmpty();

        result(lease.release());
        assertThat(result(coordination.holder(key("fill")))).as("after release").isEmpty();
    }

    @Test
    void cacheReturnsWhatWasPut() {
        result(coordination.cachePut(key("token"), "bearer abc", LONG));

        assertThat(result(coordination.cacheGet(key("token")))).contains("bearer abc");
        assertThat(result(coordination.cacheGet(key("never put")))).isEmpty();
    }

    @Test
    void cachePutReplacesTheValue() {
        result(coordination.cachePut(key("token"), "old", LONG));

        result(coordination.cachePut(key("token"), "new", LONG));

        assertThat(result(coordination.cacheGet(key("token")))).contains("new");
    }

    @Test
    void cachedValueExpiresAfterItsTtl() throws Exception {
        result(coordination.cachePut(key("token"), "short-lived", Duration.ofMillis(500)));
        assertThat(result(coordination.cacheGet(key("token")))).contains("short-lived");

        Thread.sleep(700);

        assertThat(result(coordination.cacheGet(key("token")))).isEmpty();
    }

    @Test
    void cachePutWithAZeroOrNegativeTtlStoresNothing() {
        result(coordination.cachePut(key("token"), "old", LONG));

        result(coordination.cachePut(key("token"), "expired at once", Duration.ZERO));
        result(coordination.cachePut(key("never"), "expired before", Duration.ofSeconds(-1)));

        assertThat(result(coordination.cacheGet(key("token")))).as("the old value is gone too").isEmpty();
        assertThat(result(coordination.cacheGet(key("never")))).isEmpty();
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
