package dev.wharf.cache;

import io.netty.channel.EventLoopGroup;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Turns concurrent misses for the same content into one {@link Fill}: the first request starts it, the
 * others join it. Across replicas the fill additionally holds a coordination lease. A fill leaves the
 * engine when it commits or fails, before its followers learn a failure, so a request arriving after a
 * failure starts a new fill rather than joining the dead one.
 */
public final class FillEngine {
    private final FillServices services;
    private final EventLoopGroup loops;
    private final ConcurrentMap<String, Fill> active = new ConcurrentHashMap<>();

    /** @param loops where fills run: loops of their own, so busy clients never slow a fill's upstream reads */
    public FillEngine(FillServices services, EventLoopGroup loops) {
        this.services = services;
        this.loops = loops;
    }

    /** A fill and whether this call started it (a miss) or joined it. */
    public record Joined(Fill fill, boolean started) {
    }

    /** Joins the running fill for {@code key}, or starts one from {@code source}. */
    public Joined join(String key, FillSource source) {
        Fill running = active.get(key);
        if (running != null) {
            return new Joined(running, false);
        }
        Fill[] created = new Fill[1];
        Fill fill = active.computeIfAbsent(key, k -> {
            created[0] = new Fill(k, source, services, loops.next(), () -> active.remove(k, created[0]));
            return created[0];
        });
        boolean started = fill == created[0];
        if (started) {
            fill.start();
        }
        return new Joined(fill, started);
    }

    /** The running fill for {@code key}, if any. */
    public Optional<Fill> running(String key) {
        return Optional.ofNullable(active.get(key));
    }

    /** How many fills are running. */
    public int activeCount() {
        return active.size();
    }

    /** Bytes received by the running fills and readable by their followers, for metrics. */
    public long bytesInFlight() {
        return active.values().stream().mapToLong(Fill::sendableLimit).sum();
    }
}
