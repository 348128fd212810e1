package dev.wharf.storage.coord;

import dev.wharf.storage.DaemonThreadFactory;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * {@link Coordination} across replicas through Redis ({@code storage.coordination.type: redis}), with lettuce's
 * async API, so no call blocks its caller. The layout in Redis is drawn in {@link RedisLayout}.
 *
 * <p>A lease is taken in two tiers: first in an in-process {@link LocalCoordination}, which keeps fills on
 * this replica single-flight without a round trip, then in Redis with {@code SET NX PX} under a value unique
 * to the lease that names this replica ({@link LeaseHolder}); only that value renews or releases it (see
 * {@link RedisScripts}). A release publishes a message that wakes the waiters of other replicas at once; an
 * expiry sends none, so they also re-read the lease at its expiry and at least every recheck interval.
 *
 * <p>When Redis does not answer within the command timeout, or while it is unreachable, every call falls back
 * to the in-process tier alone: this replica then coordinates as if it were the whole fleet, and keeps
 * serving. Cached values are written to both tiers, so the in-process one is warm for an outage. The outage is
 * logged once when it begins (WARN) and once when it ends (INFO), and {@link #available()} and
 * {@link #outages()} tell health checks and metrics about it. A PING every probe interval ends it as soon as
 * Redis answers again; lettuce reconnects by itself. Leases taken during an outage stay in-process only.
 *
 * <p>Threads: lettuce's smallest pools (two I/O threads, two for its events), and one daemon thread
 * ({@code wharf-redis-coord-1}) for probes, rechecks and timeouts, on which every future that waited for Redis
 * completes.
 */
public final class RedisCoordination implements Coordination {
    private final LeaseHolder self;
    private final RedisLayout layout;
    private final ScheduledThreadPoolExecutor timer;
    private final Executor handoff;
    private final LocalCoordination local;
    private final RedisAvailability availability;
    private final RedisLink link;
    private final RedisFallback fallback;
    private final ReleaseWatch watch;
    private volatile boolean closed;

    /**
     * Connects to Redis, waiting at most twice its connect timeout plus its command timeout (two connections);
     * if Redis does not answer by then, the coordination starts in an outage and joins Redis once it answers.
     * Leases name {@code self}.
     */
    public RedisCoordination(RedisSettings settings, LeaseHolder self) {
        Objects.requireNonNull(settings, "settings");
        this.self = Objects.requireNonNull(self, "self");
        // Parsing the url first, so that a bad one fails before any thread is started.
        this.availability = new RedisAvailability(RedisLink.target(settings));
        this.layout = new RedisLayout(settings.keyPrefix());
        this.timer = new ScheduledThreadPoolExecutor(1, new DaemonThreadFactory("wharf-redis-coord"));
        // Most timeouts and rechecks are cancelled long before they fire: drop them at once.
        timer.setRemoveOnCancelPolicy(true);
        this.handoff = task -> {
            try {
                timer.execute(task);
            } catch (RejectedExecutionException e) {
                task.run(); // closed: finish here what is left
            }
        };
        this.local = new LocalCoordination(self);
        this.watch = new ReleaseWatch(timer, handoff, settings.recheckInterval(), this::remainingMillis);
        this.link = new RedisLink(settings, layout.releaseChannel(), watch::released, availability);
        this.fallback = new RedisFallback(link, availability, handoff);
        link.open(timer);
    }

    /** Whether Redis answers; false during an outage, while leases and cache are this replica's alone. */
    public boolean available() {
        return availability.available() && link.commands() != null;
    }

    /** How many outages began since this coordination was made, the current one included. */
    public long outages() {
        return availability.outages();
    }

    @Override
    public CompletableFuture<Optional<Lease>> tryAcquire(String key, Duration ttl) {
        if (closed) {
            return closedFuture();
        }
        return local.tryAcquire(key, ttl).thenCompose(taken -> taken.isEmpty()
                ? CompletableFuture.completedFuture(Optional.empty()) : acquireInRedis(taken.get(), ttl));
    }

    private CompletableFuture<Optional<Lease>> acquireInRedis(Lease localLease, Duration ttl) {
        String value = RedisLayout.leaseValue(UUID.randomUUID().toString(), self);
        SetArgs absentFor = SetArgs.Builder.nx().px(RedisLayout.pxMillis(ttl));
        return fallback.whenAvailable(
                redis -> redis.set(layout.lease(localLease.key()), value, absentFor).thenCompose(ok -> ok != null
                        ? CompletableFuture.completedFuture(Optional.of(lease(localLease, value, true)))
                        // another replica holds it: free this replica's tier for the next local contender
                        : localLease.release().thenApply(ignored -> Optional.empty())),
                () -> CompletableFuture.completedFuture(Optional.of(lease(localLease, value, false))));
    }

    private Lease lease(Lease localLease, String value, boolean inRedis) {
        return new RedisLease(localLease, value, inRedis, layout, fallback);
    }

    /** Waits for the in-process tier first, then for Redis, within one {@code timeout}. */
    @Override
    public CompletableFuture<Void> awaitRelease(String key, Duration timeout) {
        if (closed) {
            return closedFuture();
        }
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        return local.awaitRelease(key, timeout).thenCompose(ignored -> watch.await(key, deadlineNanos, timeout));
    }

    /** The remaining ttl of the lease on {@code key} in Redis; {@link ReleaseWatch#GONE} during an outage. */
    private CompletableFuture<Long> remainingMillis(String key) {
        return fallback.whenAvailable(redis -> redis.pttl(layout.lease(key)),
                () -> CompletableFuture.completedFuture(ReleaseWatch.GONE));
    }

    @Override
    public CompletableFuture<Optional<LeaseHolder>> holder(String key) {
        if (closed) {
            return closedFuture();
        }
        return local.holder(key).thenCompose(here -> here.isPresent() ? CompletableFuture.completedFuture(here)
                : fallback.whenAvailable(redis -> redis.get(layout.lease(key)).thenApply(RedisLayout::holderOf),
                        () -> CompletableFuture.completedFuture(Optional.empty())));
    }

    @Override
    public CompletableFuture<Optional<String>> cacheGet(String key) {
        Objects.requireNonNull(key, "key");
        if (closed) {
            return closedFuture();
        }
        return fallback.whenAvailable(redis -> redis.get(layout.cache(key)).thenApply(Optional::ofNullable),
                () -> local.cacheGet(key));
    }

    @Override
    public CompletableFuture<Void> cachePut(String key, String value, Duration ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(ttl, "ttl");
        if (closed) {
            return closedFuture();
        }
        String redisKey = layout.cache(key);
        boolean drop = ttl.isNegative() || ttl.isZero();
        return local.cachePut(key, value, ttl).thenCompose(ignored -> fallback.whenAvailable(
                redis -> drop ? redis.del(redisKey).thenApply(deleted -> null)
                        : redis.set(redisKey, value, SetArgs.Builder.px(RedisLayout.pxMillis(ttl)))
                        .thenApply(ok -> null),
                () -> CompletableFuture.completedFuture(null)));
    }

    /** Closes the connections; waiters still waiting fail with {@link IllegalStateException}. */
    @Override
    public void close() {
        closed = true;
        IllegalStateException closing = new IllegalStateException("coordination is closed");
        watch.close(closing);
        availability.stop();
        link.close();
        local.close();
        timer.shutdownNow();
    }

    private static <T> CompletableFuture<T> closedFuture() {
        return CompletableFuture.failedFuture(new IllegalStateException("coordination is closed"));
    }
}
