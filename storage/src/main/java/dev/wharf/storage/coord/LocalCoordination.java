package dev.wharf.storage.coord;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.wharf.storage.DaemonThreadFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link Coordination} inside one process, for the embedded shape where a single server is the whole
 * fleet. Leases live in a map and expire after their ttl even if never released; each names the holder
 * given at construction. The small cache is a
 * Caffeine cache with each value's own ttl ({@link Expiry}), holding at most
 * {@value #DEFAULT_MAX_CACHE_ENTRIES} entries by default. A value past its ttl is never returned, and is
 * dropped before any live one once Caffeine's timer wheel notices it (within about a second); past the
 * bound, Caffeine's size policy drops the values least likely to be asked for again. One daemon timer thread
 * ({@code wharf-coord-timer-1}) fires lease expiries and timeouts, and completes the {@link #awaitRelease}
 * futures, so a releasing caller never runs a waiter's code.
 */
public final class LocalCoordination implements Coordination {
    /** The cache bound when none is given. */
    public static final int DEFAULT_MAX_CACHE_ENTRIES = 10_000;
    /**
     * The holder a coordination made without one names: in the embedded shape every waiter runs in this
     * process, so its address is never dialled.
     */
    public static final LeaseHolder IN_PROCESS = new LeaseHolder("in-process", "in-process");

    private final LeaseHolder self;
    private final ConcurrentHashMap<String, LocalLease> leases = new ConcurrentHashMap<>();
    private final Cache<String, CachedValue> cache;
    private final ScheduledThreadPoolExecutor timer = newTimer();
    private volatile boolean closed;

    /** A coordination whose leases name {@link #IN_PROCESS}, with the default cache bound. */
    public LocalCoordination() {
        this(IN_PROCESS, DEFAULT_MAX_CACHE_ENTRIES);
    }

    /** A coordination whose leases name {@link #IN_PROCESS}, with a cache of at most {@code maxCacheEntries}. */
    public LocalCoordination(int maxCacheEntries) {
        this(IN_PROCESS, maxCacheEntries);
    }

    /** A coordination whose leases name {@code self} as their holder, with the default cache bound. */
    public LocalCoordination(LeaseHolder self) {
        this(self, DEFAULT_MAX_CACHE_ENTRIES);
    }

    /** A coordination whose leases name {@code self}, and whose cache holds at most {@code maxCacheEntries}. */
    public LocalCoordination(LeaseHolder self, int maxCacheEntries) {
        this.self = Objects.requireNonNull(self, "self");
        if (maxCacheEntries < 1) {
            throw new IllegalArgumentException("maxCacheEntries: " + maxCacheEntries + " (expected: >= 1)");
        }
        this.cache = Caffeine.newBuilder().maximumSize(maxCacheEntries)
                .expireAfter(Expiry.writing((String key, CachedValue cached) -> cached.ttl()))
                .build();
    }

    @Override
    public CompletableFuture<Optional<Lease>> tryAcquire(String key, Duration ttl) {
        Objects.requireNonNull(key, "key");
        long ttlNanos = positiveNanos(ttl, "ttl");
        if (closed) {
            return closedFuture();
        }
        LocalLease fresh = new LocalLease(key, ttlNanos);
        LocalLease[] displaced = new LocalLease[1];
        LocalLease holder = leases.compute(key, (k, current) -> {
            if (current != null && !current.hasExpired()) {
                return current;
            }
            displaced[0] = current;
            return fresh;
        });
        if (displaced[0] != null) {
            displaced[0].end();
        }
        if (holder != fresh) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        fresh.scheduleExpiry();
        return CompletableFuture.completedFuture(Optional.of(fresh));
    }

    @Override
    public CompletableFuture<Void> awaitRelease(String key, Duration timeout) {
        Objects.requireNonNull(key, "key");
        long timeoutNanos = positiveNanos(timeout, "timeout");
        if (closed) {
            return closedFuture();
        }
        LocalLease holder = leases.get(key);
        if (holder == null || holder.hasExpired()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        holder.released.whenComplete((ignored, failure) -> {
            if (failure == null) {
                waiter.complete(null);
            } else {
                waiter.completeExceptionally(failure);
            }
        });
        ScheduledFuture<?> deadline = schedule(() -> waiter.completeExceptionally(new TimeoutException(
                "lease " + key + " still held after " + timeout)), timeoutNanos);
        waiter.whenComplete((ignored, failure) -> deadline.cancel(false));
        return waiter;
    }

    @Override
    public CompletableFuture<Optional<LeaseHolder>> holder(String key) {
        Objects.requireNonNull(key, "key");
        if (closed) {
            return closedFuture();
        }
        LocalLease holder = leases.get(key);
        boolean held = holder != null && !holder.hasExpired();
        return CompletableFuture.completedFuture(held ? Optional.of(self) : Optional.empty());
    }

    @Override
    public CompletableFuture<Optional<String>> cacheGet(String key) {
        Objects.requireNonNull(key, "key");
        if (closed) {
            return closedFuture();
        }
        CachedValue cached = cache.getIfPresent(key);
        return CompletableFuture.completedFuture(cached == null ? Optional.empty() : Optional.of(cached.value()));
    }

    @Override
    public CompletableFuture<Void> cachePut(String key, String value, Duration ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(ttl, "ttl");
        if (closed) {
            return closedFuture();
        }
        if (ttl.isNegative() || ttl.isZero()) {
            cache.invalidate(key);
        } else {
            cache.put(key, new CachedValue(value, ttl));
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Stops the timer; waiters of leases still held fail with {@link IllegalStateException}. */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        IllegalStateException closing = new IllegalStateException("coordination is closed");
        leases.values().forEach(lease -> lease.released.completeExceptionally(closing));
        leases.clear();
        cache.invalidateAll();
    }

    /** The number of cache entries once pending expiries and evictions ran, for tests of the bound. */
    long cacheSize() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        return timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** Completes {@code future} on the timer thread, or here once the timer is gone. */
    private void completeOnTimer(CompletableFuture<Void> future) {
        try {
            timer.execute(() -> future.complete(null));
        } catch (RejectedExecutionException e) {
            future.complete(null);
        }
    }

    private static ScheduledThreadPoolExecutor newTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, new DaemonThreadFactory("wharf-coord-timer"));
        // Most timeouts are cancelled long before they fire: drop them at once rather than at their deadline.
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private static long positiveNanos(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + ": " + duration + " (expected: > 0)");
        }
        return duration.toNanos();
    }

    private static <T> CompletableFuture<T> closedFuture() {
        return CompletableFuture.failedFuture(new IllegalStateException("coordination is closed"));
    }

    private record CachedValue(String value, Duration ttl) {
    }

    /** A lease in the map; its state changes under its own monitor. */
    private final class LocalLease implements Lease {
        private final String key;
        final CompletableFuture<Void> released = new CompletableFuture<>();
        private long expiresAtNanos; // guarded by this
        private boolean ended; // guarded by this: released or expired
        private ScheduledFuture<?> expiry; // guarded by this

        LocalLease(String key, long ttlNanos) {
            this.key = key;
            this.expiresAtNanos = System.nanoTime() + ttlNanos;
        }

        @Override
        public String key() {
            return key;
        }

        synchronized void scheduleExpiry() {
            if (expiry != null) {
                expiry.cancel(false);
            }
            try {
                expiry = schedule(this::expireIfDue, expiresAtNanos - System.nanoTime());
            } catch (RejectedExecutionException e) {
                // closed meanwhile: close() already failed the waiters
                expiry = null;
            }
        }

        synchronized boolean hasExpired() {
            return ended || System.nanoTime() - expiresAtNanos >= 0;
        }

        @Override
        public CompletableFuture<Boolean> renew(Duration ttl) {
            long ttlNanos = positiveNanos(ttl, "ttl");
            synchronized (this) {
                if (hasExpired() || leases.get(key) != this) {
                    return CompletableFuture.completedFuture(false);
                }
                expiresAtNanos = System.nanoTime() + ttlNanos;
                scheduleExpiry();
                return CompletableFuture.completedFuture(true);
            }
        }

        @Override
        public CompletableFuture<Void> release() {
            end();
            return CompletableFuture.completedFuture(null);
        }

        private void expireIfDue() {
            synchronized (this) {
                if (!ended && System.nanoTime() - expiresAtNanos < 0) {
                    return; // renewed after this task was scheduled; the renewal scheduled its own
                }
            }
            end();
        }

        /** Ends the lease, released or expired, and wakes its waiters; idempotent. */
        void end() {
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
                if (expiry != null) {
                    expiry.cancel(false);
                }
            }
            leases.remove(key, this);
            completeOnTimer(released);
        }
    }
}
