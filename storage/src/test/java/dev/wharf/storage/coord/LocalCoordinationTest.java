package dev.wharf.storage.coord;

import static dev.wharf.storage.testing.Await.failure;
import static dev.wharf.storage.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LocalCoordinationTest extends CoordinationConformance {
    @Override
    protected Coordination createCoordination(LeaseHolder self) {
        return new LocalCoordination(self);
    }

    @Test
    void cacheStaysWithinItsBoundDroppingExpiredEntriesFirst() throws Exception {
        try (LocalCoordination small = new LocalCoordination(100)) {
            for (int i = 0; i < 60; i++) {
                result(small.cachePut("expiring-" + i, "x", Duration.ofMillis(1)));
            }
            // Caffeine notices expiries on a timer wheel whose finest buckets span about a second.
            Thread.sleep(1_200);
            for (int i = 0; i < 100; i++) {
                result(small.cachePut("live-" + i, "v" + i, Duration.ofMinutes(5)));
            }

            assertThat(small.cacheSize()).isLessThanOrEqualTo(100);
            for (int i = 0; i < 100; i++) {
                assertThat(result(small.cacheGet("live-" + i))).as("live-%d", i).contains("v" + i);
            }

            result(small.cachePut("one-too-many", "v", Duration.ofMinutes(10)));

            assertThat(small.cacheSize()).as("past the bound, Caffeine's size policy dropped one").isEqualTo(100);
        }
    }

    @Test
    void defaultCacheBoundIsTenThousand() {
        try (LocalCoordination coordination = new LocalCoordination()) {
            for (int i = 0; i < 10_050; i++) {
                result(coordination.cachePut("k" + i, "v", Duration.ofMinutes(5)));
            }

            assertThat(coordination.cacheSize()).isEqualTo(LocalCoordination.DEFAULT_MAX_CACHE_ENTRIES);
        }
    }

    @Test
    void leasesOfACoordinationMadeWithoutAHolderNameThisProcess() {
        try (LocalCoordination anonymous = new LocalCoordination()) {
            result(anonymous.tryAcquire("fill", Duration.ofSeconds(30))).orElseThrow();

            assertThat(result(anonymous.holder("fill"))).contains(LocalCoordination.IN_PROCESS);
        }
    }

    @Test
    void waitersAreWokenOnTheTimerThreadNotTheReleasingOne() {
        Lease lease = result(coordination.tryAcquire(key("fill"), Duration.ofSeconds(30))).orElseThrow();
        AtomicReference<String> wokenOn = new AtomicReference<>();
        CompletableFuture<Void> woken = coordination.awaitRelease(key("fill"), Duration.ofSeconds(30))
                .thenRun(() -> wokenOn.set(Thread.currentThread().getName()));

        result(lease.release());
        result(woken);

        assertThat(wokenOn.get()).startsWith("wharf-coord-timer-");
    }

    @Test
    void closingFailsWaitersAndLaterCalls() {
        result(coordination.tryAcquire(key("fill"), Duration.ofSeconds(30))).orElseThrow();
        CompletableFuture<Void> waiter = coordination.awaitRelease(key("fill"), Duration.ofSeconds(30));

        coordination.close();

        assertThat(failure(waiter)).isInstanceOf(IllegalStateException.class);
        assertThat(failure(coordination.tryAcquire(key("other"), Duration.ofSeconds(1))))
                .isInstanceOf(IllegalStateException.class);
    }
}
