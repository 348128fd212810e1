package dev.wharf.app;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logback's {@link AsyncAppender} in never-block mode, counting what it drops: when the queue is full
 * (the output cannot keep up) an event is dropped and counted instead of making the caller, often an
 * event loop, wait. The count is visible two ways: {@link #dropped()} (exported as a metric), and a WARN
 * line queued ahead of the next event once there is room again.
 *
 * <p>No event is discarded early: the discarding threshold is 0, so INFO lines (the access log) are only
 * dropped when the queue is really full.
 */
public final class DroppingAsyncAppender extends AsyncAppender {
    private final AtomicLong dropped = new AtomicLong();
    /** Guards the check-then-offer below so that a dropped event is always counted. */
    private final Object producers = new Object();
    /** Drops not yet reported by a WARN line; guarded by {@link #producers}. */
    private long unreported;

    public DroppingAsyncAppender() {
        setNeverBlock(true);
        setDiscardingThreshold(0);
    }

    /** Events dropped since start because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    protected void put(ILoggingEvent event) {
        // Only this appender's callers add to the queue, and only under this lock: remaining capacity can
        // only grow between the check and the offer, so the offer below never fails uncounted.
        synchronized (producers) {
            int room = getRemainingCapacity();
            if (unreported > 0 && room >= 2) {
                super.put(droppedWarning(unreported));
                unreported = 0;
                room--;
            }
            if (room > 0) {
                super.put(event);
                return;
            }
            unreported++;
        }
        dropped.incrementAndGet();
    }

    private ILoggingEvent droppedWarning(long count) {
        LoggingEvent warning = new LoggingEvent(DroppingAsyncAppender.class.getName(),
                ((LoggerContext) getContext()).getLogger(LoggingSetup.class), Level.WARN,
                count + " log events dropped by appender " + getName() + ": the output is too slow", null, null);
        warning.prepareForDeferredProcessing();
        return warning;
    }
}
