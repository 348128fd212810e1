package dev.wharf.storage.coord;

import dev.wharf.storage.Futures;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Redis answers, as the last probe or call found, and how many outages there were. An outage begins
 * at the first failure after an answer and ends at the next answer; each is logged once, with a WARN when it
 * begins and an INFO when it ends, however many calls fail in between. Thread-safe.
 */
final class RedisAvailability {
    // Logged under the public class, the name an operator configures logging for.
    private static final Logger LOG = LoggerFactory.getLogger(RedisCoordination.class);

    private final String target;
    private final AtomicBoolean available = new AtomicBoolean(true);
    private final AtomicLong outages = new AtomicLong();
    private volatile long downSinceNanos;
    private volatile boolean stopped;

    /** Availability of the Redis named {@code target} in the logs (host and port, never a password). */
    RedisAvailability(String target) {
        this.target = target;
    }

    boolean available() {
        return available.get();
    }

    /** The number of outages so far, the current one included. */
    long outages() {
        return outages.get();
    }

    /** Redis failed to answer: begins an outage unless one is under way. */
    void failed(Throwable cause) {
        if (!stopped && available.compareAndSet(true, false)) {
            downSinceNanos = System.nanoTime();
            outages.incrementAndGet();
            Throwable failure = Futures.unwrap(cause);
            LOG.warn("Redis coordination at {} is unreachable ({}): leases and cache fall back to this replica "
                    + "alone until it answers again", target, failure.toString());
        }
    }

    /** Redis answered: ends the outage if one is under way. */
    void answered() {
        if (!stopped && available.compareAndSet(false, true)) {
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - downSinceNanos);
            LOG.info("Redis coordination at {} answers again after {} s: leases and cache are shared again",
                    target, seconds);
        }
    }

    /** Freezes the state: the calls a shutdown fails are no outage. */
    void stop() {
        stopped = true;
    }
}
