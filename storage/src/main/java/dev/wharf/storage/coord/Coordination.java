package dev.wharf.storage.coord;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What replicas share beyond storage: single-flight leases for fills, notification that a lease was
 * released, and a small cache for hot metadata (such as upstream tokens). Non-blocking throughout.
 */
public interface Coordination extends AutoCloseable {
    /**
     * Takes the lease on {@code key} for {@code ttl}, or completes empty when another holder has it.
     * An unreleased lease expires after its ttl, so a crashed holder cannot block others for long.
     */
    CompletableFuture<Optional<Lease>> tryAcquire(String key, Duration ttl);

    /**
     * Completes once no one holds the lease on {@code key} (at once if no one does), or with a
     * {@link java.util.concurrent.TimeoutException} after {@code timeout}.
     */
    CompletableFuture<Void> awaitRelease(String key, Duration timeout);

    /**
     * Who holds the lease on {@code key} now, or empty when no one does (it was released or expired).
     * A replica that finds a lease taken asks this to learn where the work it guards is running.
     */
    CompletableFuture<Optional<LeaseHolder>> holder(String key);

    /** A value stored with {@link #cachePut}, unless it expired. */
    CompletableFuture<Optional<String>> cacheGet(String key);

    /**
     * Stores {@code value} under {@code key} for {@code ttl}, replacing what the key held. A zero or
     * negative ttl stores nothing and drops what the key held (such a value would have expired at once);
     * it is not an error, so a caller with a configured ttl of 0 s (a negative cache switched off) needs
     * no special case.
     */
    CompletableFuture<Void> cachePut(String key, String value, Duration ttl);

    @Override
    void close();
}
