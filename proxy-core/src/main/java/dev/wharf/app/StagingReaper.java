package dev.wharf.app;

import dev.wharf.storage.DaemonThreadFactory;
import dev.wharf.storage.blob.s3.S3BlobStore;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes, every {@code gc.schedule}, what dead writers left in an S3 store: multipart uploads and staging
 * objects older than {@code gc.uploadsMaxAge}, for instance those of a replica killed in the middle of a
 * fill; and the upload sessions nothing was appended to for as long. Several replicas may reap at once; what
 * one removed the others find gone. (A filesystem store reaps its own, in its staging sweep.)
 */
final class StagingReaper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StagingReaper.class);

    private final S3BlobStore store;
    private final Duration maxAge;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(new DaemonThreadFactory("wharf-s3-reaper"));

    StagingReaper(S3BlobStore store, Duration every, Duration maxAge) {
        this.store = store;
        this.maxAge = maxAge;
        timer.scheduleWithFixedDelay(this::reap, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void reap() {
        try {
            S3BlobStore.Reaped reaped = store.reap(maxAge).get(10, TimeUnit.MINUTES);
            if (reaped.uploadsAborted() > 0 || reaped.stagingObjectsDeleted() > 0 || reaped.sessionsRemoved() > 0) {
                LOG.info("S3 staging older than {}: aborted {} multipart uploads, deleted {} staging objects, "
                        + "removed {} upload sessions", maxAge, reaped.uploadsAborted(), reaped.stagingObjectsDeleted(),
                        reaped.sessionsRemoved());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("S3 staging could not be reaped, trying again in the next round: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
