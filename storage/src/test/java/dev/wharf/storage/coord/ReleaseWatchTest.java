package dev.wharf.storage.coord;

import static dev.wharf.storage.testing.Await.failure;
import static dev.wharf.storage.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.storage.DaemonThreadFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The watch over a fake {@code PTTL}: what each key's lease has left, as a test sets it. */
class ReleaseWatchTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    private final ScheduledThreadPoolExecutor timer =
            new ScheduledThreadPoolExecutor(1, new DaemonThreadFactory("watch"));
    private final ConcurrentHashMap<String, Long> remaining = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> checks = new ConcurrentLinkedQueue<>();
    private final ReleaseWatch watch = new ReleaseWatch(timer, timer, Duration.ofMillis(200), key -> {
        checks.add(key);
        return CompletableFuture.completedFuture(remaining.getOrDefault(key, ReleaseWatch.GONE));
    });

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void aLeaseAlreadyGoneCompletesAfterOneCheck() {
        result(watch.await("free", deadline(LONG), LONG));

        assertThat(checks).containsExactly("free");
    }

    @Test
    void aReleaseMessageWakesTheWaitersOfItsKeyOnly() throws Exception {
        remaining.put("fill", 30_000L);
        remaining.put("other", 30_000L);
        CompletableFuture<Void> first = watch.await("fill", deadline(LONG), LONG);
        CompletableFuture<Void> second = watch.await("fill", deadline(LONG), LONG);
        CompletableFuture<Void> other = watch.await("other", deadline(LONG), LONG);

        watch.released("fill");

        result(first);
        result(second);
        Thread.sleep(50);
        assertThat(other).isNotDone();
    }

    @Test
    void rechecksWhenTheTtlRunsOutRatherThanAtTheInterval() {
        remaining.put("fill", 50L);
        timer.schedule(() -> remaining.remove("fill"), 40, TimeUnit.MILLISECONDS);
        long start = System.nanoTime();

        result(watch.await("fill", deadline(LONG), LONG));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(190));
        assertThat(checks).hasSize(2);
    }

    @Test
    void rechecksAtLeastEveryInterval() throws Exception {
        remaining.put("fill", 30_000L);
        CompletableFuture<Void> waiter = watch.await("fill", deadline(LONG), LONG);
        Thread.sleep(100);
        remaining.remove("fill"); // expired with no message

        result(waiter);

        assertThat(checks).hasSize(2);
    }

    @Test
    void failsAtTheDeadline() {
        remaining.put("fill", 30_000L);

        Throwable failure = failure(watch.await("fill", deadline(Duration.ofMillis(100)), Duration.ofMillis(100)));

        assertThat(failure).isInstanceOf(TimeoutException.class).hasMessage("lease fill still held after PT0.1S");
    }

    @Test
    void closingFailsTheWaiters() {
        remaining.put("fill", 30_000L);
        CompletableFuture<Void> waiter = watch.await("fill", deadline(LONG), LONG);

        watch.close(new IllegalStateException("coordination is closed"));

        assertThat(failure(waiter)).isInstanceOf(IllegalStateException.class);
    }

    private static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }
}
