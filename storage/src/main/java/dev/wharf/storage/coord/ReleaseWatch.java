package dev.wharf.storage.coord;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Those waiting for a lease that another replica holds in Redis, by key. A waiter completes when a release
 * message names its key, or when a check of the lease's remaining ttl finds it gone: the first check right
 * after the waiter registered (so a release just before is not missed), and the next ones once the remaining
 * ttl ran out or the recheck interval passed, whichever is sooner, because an expiry sends no message and a
 * message sent while the subscription reconnects is lost. It fails with a {@link TimeoutException} at its
 * deadline. Waiters complete on the coordination's thread.
 */
final class ReleaseWatch {
    /** The remaining ttl of a lease that is gone, as {@code PTTL} reports it. */
    static final long GONE = -2;

    private final ConcurrentHashMap<String, Set<CompletableFuture<Void>>> waiters = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final Executor handoff;
    private final long recheckMillis;
    private final Function<String, CompletableFuture<Long>> remainingMillis;

    /**
     * A watch checking leases with {@code remainingMillis}: {@link #GONE}, the milliseconds left, or -1 for no
     * expiry; {@code handoff} runs tasks on the timer's thread, or at once once the timer is shut down.
     */
    ReleaseWatch(ScheduledExecutorService timer, Executor handoff, Duration recheckInterval,
                 Function<String, CompletableFuture<Long>> remainingMillis) {
        this.timer = timer;
        this.handoff = handoff;
        this.recheckMillis = recheckInterval.toMillis();
        this.remainingMillis = remainingMillis;
    }

    /** Completes once the lease on {@code key} is gone, or fails at {@code deadlineNanos} ({@link System#nanoTime}). */
    CompletableFuture<Void> await(String key, long deadlineNanos, Duration timeout) {
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        waiters.compute(key, (k, present) -> {
            Set<CompletableFuture<Void>> set = present == null ? ConcurrentHashMap.newKeySet() : present;
            set.add(waiter);
            return set;
        });
        ScheduledFuture<?> deadline = timer.schedule(() -> waiter.completeExceptionally(new TimeoutException(
                "lease " + key + " still held after " + timeout)), deadlineNanos - System.nanoTime(), NANOSECONDS);
        waiter.whenComplete((ignored, failure) -> {
            deadline.cancel(false);
            waiters.computeIfPresent(key, (k, set) -> set.remove(waiter) && set.isEmpty() ? null : set);
        });
        check(key, waiter);
        return waiter;
    }

    /** Wakes the waiters for {@code key}: its lease was released. */
    void released(String key) {
        Set<CompletableFuture<Void>> woken = waiters.remove(key);
        if (woken != null) {
            handoff.execute(() -> woken.forEach(waiter -> waiter.complete(null)));
        }
    }

    /** Fails every waiter with {@code why}. */
    void close(RuntimeException why) {
        waiters.values().forEach(set -> set.forEach(waiter -> waiter.completeExceptionally(why)));
    }

    private void check(String key, CompletableFuture<Void> waiter) {
        if (waiter.isDone()) {
            return;
        }
        remainingMillis.apply(key).whenCompleteAsync((remaining, failure) -> {
            if (failure != null) {
                waiter.completeExceptionally(failure);
            } else if (remaining == GONE) {
                waiter.complete(null);
            } else if (!waiter.isDone()) {
                // One millisecond past the ttl, when Redis no longer returns the key.
                long delay = remaining < 0 ? recheckMillis : Math.min(remaining + 1, recheckMillis);
                timer.schedule(() -> check(key, waiter), delay, MILLISECONDS);
            }
        }, handoff);
    }
}
