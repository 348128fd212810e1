package dev.wharf.cache;

import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.coord.Coordination;
import io.netty.channel.EventLoopGroup;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;

/**
 * Turns concurrent misses for the same content into one {@link Fill}: the first request starts it,
 * the others join it. Across replicas the fill additionally holds a {@link Coordination} lease.
 */
public final class FillEngine {
    private final BlobStore blobs;
    private final Coordination coordination;
    private final EventLoopGroup loops;
    private final Executor fileExecutor;
    private final ConcurrentMap<String, Fill> active = new ConcurrentHashMap<>();

    public FillEngine(BlobStore blobs, Coordination coordination, EventLoopGroup loops, Executor fileExecutor) {
        this.blobs = blobs;
        this.coordination = coordination;
        this.loops = loops;
        this.fileExecutor = fileExecutor;
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
            created[0] = new Fill(k, source, blobs, coordination, loops.next(), fileExecutor, () -> active.remove(k, created[0]));
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
}
