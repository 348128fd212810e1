package dev.wharf.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.ChannelPoolHandler;
import io.netty.channel.pool.FixedChannelPool;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The connections of one {@link Upstream} to one host for one {@link Purpose}: a {@link FixedChannelPool}
 * of a fixed size, whose waiters each give up after their own deadline. The pool itself cannot drop a
 * waiter, so a connection that arrives for one that gave up is handed back at once.
 */
final class HostPool {
    private final HostKey key;
    private final Purpose purpose;
    private final int max;
    private final FixedChannelPool pool;
    private final EventExecutor timer;
    private final AtomicInteger pending = new AtomicInteger();

    /**
     * @param bootstrap connects to {@code key}
     * @param handlers  the pool handler, given the function that hands a channel back to this pool
     */
    HostPool(HostKey key, Purpose purpose, int max, Bootstrap bootstrap,
             Function<Consumer<Channel>, ChannelPoolHandler> handlers) {
        this.key = key;
        this.purpose = purpose;
        this.max = max;
        this.timer = bootstrap.config().group().next();
        this.pool = new FixedChannelPool(bootstrap, handlers.apply(this::release), ChannelHealthChecker.ACTIVE,
                null, -1, max, Integer.MAX_VALUE, true, true);
    }

    /**
     * A connected channel, pooled or new (its TLS handshake may still be running), or a failure: an
     * {@link UpstreamTimeoutException} when none was free within {@code wait}.
     */
    CompletableFuture<Channel> acquire(Duration wait) {
        CompletableFuture<Channel> result = new CompletableFuture<>();
        AtomicBoolean waiting = new AtomicBoolean(true);
        pending.incrementAndGet();
        ScheduledFuture<?> deadline = timer.schedule(() -> {
            if (stopWaiting(waiting)) {
                result.completeExceptionally(new UpstreamTimeoutException("no free " + purpose.id() + " connection to "
                        + key + " within " + describe(wait), null));
            }
        }, wait.toNanos(), TimeUnit.NANOSECONDS);
        pool.acquire().addListener((Future<Channel> acquired) -> {
            deadline.cancel(false);
            if (!stopWaiting(waiting)) {
                if (acquired.isSuccess()) {
                    handBack(acquired.getNow());
                }
            } else if (acquired.isSuccess()) {
                result.complete(acquired.getNow());
            } else {
                result.completeExceptionally(acquired.cause());
            }
        });
        return result;
    }

    /** True for the first of the deadline and the pool to end a wait, which then settles it. */
    private boolean stopWaiting(AtomicBoolean waiting) {
        if (!waiting.compareAndSet(true, false)) {
            return false;
        }
        pending.decrementAndGet();
        return true;
    }

    /** Gives a channel back; called by its connection once per acquisition. */
    void release(Channel channel) {
        pool.release(channel);
    }

    PoolStats stats() {
        return new PoolStats(purpose, key.toString(), max, pool.acquiredChannelCount(), pending.get());
    }

    void close() {
        pool.closeAsync();
    }

    /** A channel for a waiter that gave up: an idle pooled one goes back as it is, a new one is closed. */
    private void handBack(Channel channel) {
        UpstreamConnection connection = UpstreamConnection.of(channel);
        try {
            channel.eventLoop().execute(() -> {
                if (connection.reused() && channel.isActive()) {
                    release(channel);
                } else {
                    connection.releaseUnused();
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            channel.close();
        }
    }

    /** Whole seconds as {@code 30 s}, anything else as {@code 250 ms}. */
    private static String describe(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
