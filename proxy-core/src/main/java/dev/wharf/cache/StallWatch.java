package dev.wharf.cache;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Notices a fill that stopped making progress: {@link #touch} on every sign of life (a byte from the
 * upstream, a completed write, a finished step), and the stall runs once when there was none for the
 * timeout. Confined to the fill's event loop.
 */
final class StallWatch {
    private final EventExecutor loop;
    private final long timeoutNanos;
    private long lastNanos = System.nanoTime();
    private ScheduledFuture<?> timer;

    StallWatch(EventExecutor loop, Duration timeout) {
        this.loop = loop;
        this.timeoutNanos = timeout.toNanos();
    }

    void touch() {
        lastNanos = System.nanoTime();
    }

    /** Starts watching; {@code onStall} gets the quiet time in seconds, once. */
    void start(java.util.function.LongConsumer onStall) {
        long every = Math.max(TimeUnit.MILLISECONDS.toNanos(50), timeoutNanos / 4);
        timer = loop.scheduleAtFixedRate(() -> {
            long quiet = System.nanoTime() - lastNanos;
            if (quiet >= timeoutNanos) {
                stop();
                onStall.accept(TimeUnit.NANOSECONDS.toSeconds(quiet));
            }
        }, every, every, TimeUnit.NANOSECONDS);
    }

    void stop() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
