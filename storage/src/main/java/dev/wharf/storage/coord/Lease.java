package dev.wharf.storage.coord;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A held single-flight lease; release it when the work it guards is done. */
public interface Lease {
    /** The key this lease guards. */
    String key();

    /** Extends the lease by {@code ttl} from now; completes with false if it was lost meanwhile. */
    CompletableFuture<Boolean> renew(Duration ttl);

    /** Releases the lease and wakes those waiting in {@link Coordination#awaitRelease}; idempotent. */
    CompletableFuture<Void> release();
}
