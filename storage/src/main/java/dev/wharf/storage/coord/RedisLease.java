package dev.wharf.storage.coord;

import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A lease of {@link RedisCoordination}: held in the in-process coordination, which keeps it single-flight on
 * this replica, and in Redis under a value unique to it, unless it was taken while Redis did not answer.
 * Renewing extends both; releasing deletes the Redis key (only if it still holds this lease's value), then
 * the in-process lease, so that in-process waiters find Redis free when they wake.
 */
final class RedisLease implements Lease {
    private final Lease local;
    private final String redisKey;
    private final String value;
    private final boolean inRedis;
    private final RedisLayout layout;
    private final RedisFallback fallback;
    private final AtomicBoolean released = new AtomicBoolean();

    /**
     * A lease over {@code local}, which wrote (or, when {@code inRedis} is false, tried to write) {@code value}
     * to its Redis key.
     */
    RedisLease(Lease local, String value, boolean inRedis, RedisLayout layout, RedisFallback fallback) {
        this.local = local;
        this.redisKey = layout.lease(local.key());
        this.value = value;
        this.inRedis = inRedis;
        this.layout = layout;
        this.fallback = fallback;
    }

    @Override
    public String key() {
        return local.key();
    }

    /**
     * Completes with false if the lease expired here, or Redis answers that another holder has it (it expired
     * there and was taken, or Redis lost it); while Redis does not answer, the in-process lease decides.
     */
    @Override
    public CompletableFuture<Boolean> renew(Duration ttl) {
        return local.renew(ttl).thenCompose(held -> {
            if (!held || !inRedis) {
                return CompletableFuture.completedFuture(held);
            }
            String[] keys = {redisKey};
            return fallback.<Long>attempt(
                    redis -> redis.eval(RedisScripts.RENEW, ScriptOutputType.INTEGER, keys, value,
                            Long.toString(RedisLayout.pxMillis(ttl))),
                    () -> CompletableFuture.completedFuture(1L)).thenApply(renewed -> renewed == 1L);
        });
    }

    /**
     * Also tries Redis for a lease taken during an outage, since its write may have reached Redis with only
     * the answer lost; the script leaves any other holder's lease alone.
     */
    @Override
    public CompletableFuture<Void> release() {
        if (!released.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        String[] keys = {redisKey};
        return fallback.<Long>attempt(
                redis -> redis.eval(RedisScripts.RELEASE, ScriptOutputType.INTEGER, keys, value,
                        layout.releaseChannel(), local.key()),
                () -> CompletableFuture.completedFuture(0L)).thenCompose(ignored -> local.release());
    }
}
