package dev.wharf.gc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Garbage collection's meters: {@code wharf_gc_runs_total} (by {@code outcome}: {@code ok}, {@code dry_run},
 * {@code failed}), what the runs that deleted removed ({@code wharf_gc_entries_evicted_total},
 * {@code wharf_gc_blobs_removed_total}, {@code wharf_gc_freed_bytes_total}, {@code wharf_gc_uploads_reaped_total}),
 * and gauges of the last run that deleted ({@code wharf_gc_last_run_timestamp_seconds}, its
 * {@code wharf_gc_stored_bytes} and {@code wharf_gc_last_run_duration_seconds}). Before the first run the gauges
 * read 0.
 */
final class GcMetrics implements MeterBinder {
    private final AtomicReference<Meters> meters = new AtomicReference<>();
    private final AtomicLong lastRunEpochMillis = new AtomicLong();
    private final AtomicLong lastDurationMillis = new AtomicLong();
    private final AtomicLong storedBytes = new AtomicLong();

    private record Meters(Counter ok, Counter dryRun, Counter failed, Counter evicted, Counter removed, Counter freed,
                          Counter reaped) {
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        meters.set(new Meters(runs(registry, "ok"), runs(registry, "dry_run"), runs(registry, "failed"),
                Counter.builder("wharf.gc.entries.evicted").description("Cached entries of remotes evicted")
                        .register(registry),
                Counter.builder("wharf.gc.blobs.removed").description("Blobs deleted, referenced by nothing")
                        .register(registry),
                Counter.builder("wharf.gc.freed").description("Bytes of the blobs deleted").baseUnit(BaseUnits.BYTES)
                        .register(registry),
                Counter.builder("wharf.gc.uploads.reaped").description("Stale upload sessions and staging removed")
                        .register(registry)));
        Gauge.builder("wharf.gc.last.run.timestamp", lastRunEpochMillis, t -> t.get() / 1000.0).baseUnit("seconds")
                .description("When the last garbage collection that deleted started (Unix time)").register(registry);
        Gauge.builder("wharf.gc.last.run.duration", lastDurationMillis, t -> t.get() / 1000.0).baseUnit("seconds")
                .description("How long the last garbage collection that deleted took").register(registry);
        Gauge.builder("wharf.gc.stored", storedBytes, AtomicLong::get).baseUnit(BaseUnits.BYTES)
                .description("Bytes of the blobs kept by the last garbage collection that deleted").register(registry);
    }

    private static Counter runs(MeterRegistry registry, String outcome) {
        return Counter.builder("wharf.gc.runs").description("Garbage collections run on this replica")
                .tag("outcome", outcome).register(registry);
    }

    /** Counts a finished collection. */
    void completed(GcReport report) {
        Meters m = meters.get();
        if (report.dryRun()) {
            if (m != null) {
                m.dryRun().increment();
            }
            return;
        }
        lastRunEpochMillis.set(report.startedAt().toEpochMilli());
        lastDurationMillis.set(report.durationMillis());
        storedBytes.set(report.bytesStored());
        if (m != null) {
            m.ok().increment();
            m.evicted().increment(report.entriesEvicted());
            m.removed().increment(report.blobsRemoved());
            m.freed().increment(report.bytesFreed());
            m.reaped().increment(report.uploadsReaped() + report.stagingReaped());
        }
    }

    /** Counts a collection that failed. */
    void failed() {
        Meters m = meters.get();
        if (m != null) {
            m.failed().increment();
        }
    }
}
