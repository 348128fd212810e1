package dev.wharf.cache;

import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.coord.Coordination;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What every fill uses: the blob store it commits to, the local spool store followers read from when the
 * blob store has no local staging file, coordination for the single-flight lease, an executor for file
 * work and hashing, and its time limits.
 *
 * @param stallTimeout how long a fill may make no progress before it fails (config {@code cache.stallTimeout})
 * @param peerWait     how long a fill waits for another replica's fill of the same content
 * @param peers        how a fill follows the same content's fill on another replica
 */
public record FillServices(BlobStore blobs, BlobStore spool, Coordination coordination, Executor fileExecutor,
                           Duration stallTimeout, Duration peerWait, PeerFills peers) {
    /** Services of a single replica, which has no peers to follow. */
    public FillServices(BlobStore blobs, BlobStore spool, Coordination coordination, Executor fileExecutor,
                        Duration stallTimeout, Duration peerWait) {
        this(blobs, spool, coordination, fileExecutor, stallTimeout, peerWait, PeerFills.none());
    }

    public FillServices {
        Objects.requireNonNull(blobs, "blobs");
        Objects.requireNonNull(spool, "spool");
        Objects.requireNonNull(coordination, "coordination");
        Objects.requireNonNull(fileExecutor, "fileExecutor");
        Objects.requireNonNull(stallTimeout, "stallTimeout");
        Objects.requireNonNull(peerWait, "peerWait");
        Objects.requireNonNull(peers, "peers");
    }
}
