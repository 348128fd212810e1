package dev.wharf.gc;

import dev.wharf.storage.DaemonThreadFactory;
import dev.wharf.storage.coord.Coordination;
import dev.wharf.storage.coord.Lease;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link GarbageCollector} every {@code gc.schedule} and on demand, one collection at a time on its own
 * thread ({@code wharf-gc-1}), and only while holding the coordination lease {@value #LEASE}: with several replicas
 * one sweeps at a time, the others skip their turn (a scheduled run) or are told who is collecting (a run on
 * demand). The lease lasts {@link #LEASE_TTL} and is renewed every {@link #RENEW_EVERY} from a timer thread
 * ({@code wharf-gc-timer-1}) while the collection runs; a collection whose renewal failed stops before its next
 * delete. Every finished collection is logged in one INFO line and counted in {@link #metrics()}.
 */
public final class GcScheduler implements AutoCloseable {
    /** The coordination key of the one-collector-at-a-time lease. */
    public static final String LEASE = "gc";
    /** How long the lease lasts unless renewed: a replica that dies while collecting blocks others this long. */
    static final Duration LEASE_TTL = Duration.ofMinutes(2);
    static final Duration RENEW_EVERY = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(GcScheduler.class);

    private final GarbageCollector collector;
    private final Coordination coordination;
    private final Duration every;
    private final GcMetrics metrics = new GcMetrics();
    private final AtomicReference<GcReport> last = new AtomicReference<>();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(new DaemonThreadFactory("wharf-gc"));
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(new DaemonThreadFactory("wharf-gc-timer"));

    /** A scheduler of {@code collector} every {@code every}, once {@link #start()}ed. */
    public GcScheduler(GarbageCollector collector, Coordination coordination, Duration every) {
        this.collector = Objects.requireNonNull(collector, "collector");
        this.coordination = Objects.requireNonNull(coordination, "coordination");
        this.every = Objects.requireNonNull(every, "every");
    }

    /** Starts the schedule: the first collection runs one {@code gc.schedule} from now. */
    public void start() {
        long millis = every.toMillis();
        timer.scheduleWithFixedDelay(this::scheduled, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** The meters of the collections this replica ran, for the server's registry. */
    public MeterBinder metrics() {
        return metrics;
    }

    /** The report of the last collection this replica finished, dry runs included; empty before the first. */
    public Optional<GcReport> last() {
        return Optional.ofNullable(last.get());
    }

    /**
     * Runs a collection now, after the one running (if any) on this replica; completes with its report, or fails
     * with {@link GcBusyException} when another replica holds the lease, or with what stopped the collection.
     */
    public CompletableFuture<GcReport> runNow(boolean dryRun) {
        try {
            return CompletableFuture.supplyAsync(() -> collect(dryRun), runner);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("the server is stopping", e));
        }
    }

    private void scheduled() {
        runNow(false).whenComplete((report, error) -> {
            if (error instanceof CompletionException && error.getCause() instanceof GcBusyException busy) {
                LOG.debug("scheduled garbage collection skipped: {}", busy.getMessage());
            } else if (error != null) {
                LOG.warn("scheduled garbage collection failed, trying again in {}: {}", every, error.toString());
            }
        });
    }

    /** On the runner thread: one collection under the lease. */
    private GcReport collect(boolean dryRun) {
        Optional<Lease> taken = coordination.tryAcquire(LEASE, LEASE_TTL).join();
        if (taken.isEmpty()) {
            String holder = coordination.holder(LEASE).join().map(h -> "replica " + h.replica()).orElse("another replica");
            throw new GcBusyException(holder);
        }
        Lease lease = taken.get();
        AtomicBoolean held = new AtomicBoolean(true);
        long renewMillis = RENEW_EVERY.toMillis();
        ScheduledFuture<?> renewal = timer.scheduleWithFixedDelay(() -> lease.renew(LEASE_TTL).whenComplete(
                (renewed, error) -> {
                    if (error != null || !renewed) {
                        held.set(false);
                    }
                }), renewMillis, renewMillis, TimeUnit.MILLISECONDS);
        try {
            GcReport report = collector.run(dryRun, held::get);
            last.set(report);
            metrics.completed(report);
            LOG.info(report.summary());
            return report;
        } catch (RuntimeException e) {
            metrics.failed();
            throw e;
        } finally {
            renewal.cancel(false);
            lease.release();
        }
    }

    /** Stops the schedule and the threads; a collection still running is not waited for (its lease lapses). */
    @Override
    public void close() {
        timer.shutdownNow();
        runner.shutdownNow();
    }
}
