package dev.wharf.gc;

import java.time.Instant;
import java.util.Objects;

/**
 * What one garbage collection removed and freed (or, in a dry run, would have): the admin API's answer, the log
 * line and the metrics.
 *
 * @param startedAt      when it began
 * @param durationMillis how long it took
 * @param dryRun         true when nothing was deleted and the counts say what would have gone
 * @param entriesEvicted cached entries of remote repositories evicted (by {@code maxUnusedAge} or
 *                       {@code storage.maxSize})
 * @param blobsRemoved   blobs deleted: referenced by nothing and older than the grace period
 * @param bytesFreed     the bytes of those blobs
 * @param blobsKept      blobs left in the store
 * @param bytesStored    the bytes of those blobs
 * @param uploadsReaped  upload sessions removed for having no activity for {@code gc.uploadsMaxAge} (not counted
 *                       in a dry run)
 * @param stagingReaped  S3 only: multipart uploads aborted and staging objects deleted that dead writers left (not
 *                       counted in a dry run)
 */
public record GcReport(Instant startedAt, long durationMillis, boolean dryRun, int entriesEvicted, long blobsRemoved,
                       long bytesFreed, long blobsKept, long bytesStored, int uploadsReaped, int stagingReaped) {
    public GcReport {
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /** The report as one log line. */
    public String summary() {
        return (dryRun ? "garbage collection (dry run, nothing deleted): would evict " : "garbage collection: evicted ")
                + entriesEvicted + " cached entries, " + (dryRun ? "would remove " : "removed ") + blobsRemoved
                + " blobs (" + bytesFreed + " bytes), kept " + blobsKept + " blobs (" + bytesStored + " bytes), reaped "
                + uploadsReaped + " stale upload sessions and " + stagingReaped + " staging leftovers in "
                + durationMillis + " ms";
    }
}
