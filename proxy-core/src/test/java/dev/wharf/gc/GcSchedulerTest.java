package dev.wharf.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.storage.blob.FilesystemBlobStore;
import dev.wharf.storage.coord.Lease;
import dev.wharf.storage.coord.LocalCoordination;
import dev.wharf.storage.meta.EmbeddedMetadataStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One collection at a time, under the lease; reports kept and counted. */
class GcSchedulerTest {
    @TempDir
    Path dir;

    @Test
    void aCollectionRunsOnlyWhileNobodyElseHoldsTheLease() {
        try (FilesystemBlobStore blobs = FilesystemBlobStore.open(dir.resolve("blobs"));
             EmbeddedMetadataStore metadata = EmbeddedMetadataStore.open(dir.resolve("meta"));
             LocalCoordination coordination = new LocalCoordination();
             GcScheduler scheduler = new GcScheduler(new GarbageCollector(metadata, blobs, null, Map.of(),
                     Duration.ofHours(1), Duration.ofDays(1), null, Clock.systemUTC()), coordination, Duration.ofHours(1))) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            scheduler.metrics().bindTo(registry);
            Lease other = coordination.tryAcquire(GcScheduler.LEASE, Duration.ofMinutes(1)).join().orElseThrow();

            assertThatThrownBy(() -> scheduler.runNow(false).join()).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(GcBusyException.class);
            assertThat(scheduler.last()).isEmpty();

            other.release().join();
            GcReport report = scheduler.runNow(true).join();
            GcReport real = scheduler.runNow(false).join();

            assertThat(report.dryRun()).isTrue();
            assertThat(scheduler.last()).contains(real);
            assertThat(registry.get("wharf.gc.runs").tag("outcome", "ok").counter().count()).isEqualTo(1);
            assertThat(registry.get("wharf.gc.runs").tag("outcome", "dry_run").counter().count()).isEqualTo(1);
            assertThat(registry.get("wharf.gc.last.run.timestamp").gauge().value())
                    .isEqualTo(real.startedAt().toEpochMilli() / 1000.0);
            assertThat(coordination.holder(GcScheduler.LEASE).join()).as("the lease, after the runs").isEmpty();
        }
    }
}
