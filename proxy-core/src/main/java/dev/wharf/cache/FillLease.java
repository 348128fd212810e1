package dev.wharf.cache;

import dev.wharf.storage.Futures;
import dev.wharf.storage.coord.Coordination;
import dev.wharf.storage.coord.Lease;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The single-flight lease of one fill across replicas ({@link Coordination}): taken before the upstream
 * fetch, renewed while the fill runs, released when it ends. A fill that finds the lease held waits for
 * the holder to release it, for at most the peer wait. Confined to the fill's event loop.
 */
final class FillLease {
    /** How long a lease lives without renewal: a crashed holder blocks others for at most this. */
    static final Duration TTL = Duration.ofSeconds(20);

    private final Coordination coordination;
    private final String key;
    private final EventExecutor loop;
    private final Duration peerWait;
    private Lease lease;
    private ScheduledFuture<?> renewal;

    FillLease(Coordination coordination, String fillKey, EventExecutor loop, Duration peerWait) {
        this.coordination = coordination;
        this.key = "fill:" + fillKey;
        this.loop = loop;
        this.peerWait = peerWait;
    }

    /** The coordination key of the lease, which peers look the holder up by. */
    String key() {
        return key;
    }

    /** Completes with true once this fill holds the lease, false when another holder has it. */
    CompletableFuture<Boolean> acquire() {
        return coordination.tryAcquire(key, TTL).thenApplyAsync(acquired -> {
            if (acquired.isEmpty()) {
                return false;
            }
            lease = acquired.get();
            // Four renewals per ttl: a lease survives a missed renewal or two, and a dead holder's lapses soon.
            long every = TTL.toSeconds() / 4;
            renewal = loop.scheduleAtFixedRate(() -> lease.renew(TTL), every, every, TimeUnit.SECONDS);
            return true;
        }, loop);
    }

    /** Completes once the holder released the lease; fails with {@link FillTimeoutException} after the peer wait. */
    CompletableFuture<Void> awaitHolder() {
        return coordination.awaitRelease(key, peerWait).exceptionallyCompose(e -> {
            Throwable cause = Futures.unwrap(e);
            return CompletableFuture.failedFuture(cause instanceof TimeoutException
                    ? new FillTimeoutException("another replica has been filling this content for over "
                    + peerWait.toMinutes() + " min") : cause);
        });
    }

    /** Releases the lease if held; idempotent. */
    void release() {
        if (renewal != null) {
            renewal.cancel(false);
            renewal = null;
        }
        if (lease != null) {
            lease.release();
            lease = null;
        }
    }
}
