package dev.wharf.upstream;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The read timeout of one exchange: expires when no byte arrived for the whole timeout while the exchange
 * waited for the network. Time in which the consumer does not ask for data does not count, so a slow
 * consumer is never mistaken for a stalled upstream. Confined to the event loop.
 */
final class ReadTimeout {
    private final EventExecutor loop;
    private final long timeoutNanos;
    private final LongSupplier lastReadNanos;
    private final Runnable onExpiry;
    private boolean waiting;
    private long waitingSinceNanos;
    private ScheduledFuture<?> timer;
    private boolean stopped;

    /**
     * @param lastReadNanos {@link System#nanoTime()} when raw bytes last arrived on the connection
     * @param onExpiry      runs once, on the event loop, when the timeout expires
     */
    ReadTimeout(EventExecutor loop, long timeoutNanos, LongSupplier lastReadNanos, Runnable onExpiry) {
        this.loop = loop;
        this.timeoutNanos = timeoutNanos;
        this.lastReadNanos = lastReadNanos;
        this.onExpiry = onExpiry;
    }

    /** A read was asked for: the clock runs until {@link #stopWaiting()}. */
    void startWaiting() {
        if (stopped) {
            return;
        }
        waiting = true;
        waitingSinceNanos = System.nanoTime();
        if (timer == null) {
            schedule(timeoutNanos);
        }
    }

    /** A message arrived. */
    void stopWaiting() {
        waiting = false;
    }

    /** The exchange is over: the timeout never expires. */
    void stop() {
        stopped = true;
        waiting = false;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    long timeoutMillis() {
        return TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
    }

    private void schedule(long delayNanos) {
        timer = loop.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** Runs at most once per timeout while waiting; a wait that started late is measured on a later run. */
    private void check() {
        timer = null;
        if (!waiting || stopped) {
            return;
        }
        long quiet = System.nanoTime() - Math.max(waitingSinceNanos, lastReadNanos.getAsLong());
        if (quiet >= timeoutNanos) {
            stop();
            onExpiry.run();
        } else {
            schedule(timeoutNanos - quiet);
        }
    }
}
