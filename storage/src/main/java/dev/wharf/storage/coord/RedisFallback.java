package dev.wharf.storage.coord;

import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The fallback policy of {@link RedisCoordination}: a call goes to Redis while Redis answers, and to the
 * in-process alternative the caller gives while it does not, or when the Redis call itself fails (which
 * begins an outage). So a call never fails or waits longer than the command timeout because of Redis.
 * Results from Redis are handed to the coordination's own thread, so that no caller's continuation runs on
 * lettuce's event loop, where it would hold up every other Redis reply.
 */
final class RedisFallback {
    private final RedisLink link;
    private final RedisAvailability availability;
    private final Executor handoff;

    RedisFallback(RedisLink link, RedisAvailability availability, Executor handoff) {
        this.link = link;
        this.availability = availability;
        this.handoff = handoff;
    }

    /** {@code redis} while Redis answers, else {@code local}; {@code local} too if {@code redis} fails. */
    <T> CompletableFuture<T> whenAvailable(Function<RedisAsyncCommands<String, String>, CompletionStage<T>> redis,
                                           Supplier<CompletableFuture<T>> local) {
        return availability.available() ? attempt(redis, local) : local.get();
    }

    /**
     * {@code redis} even during an outage (bounded by the command timeout), else {@code local}: for the
     * release or renewal of a lease this replica wrote to Redis, which a lost answer or a short blip must not
     * leave standing there until its ttl, blocking every other replica.
     */
    <T> CompletableFuture<T> attempt(Function<RedisAsyncCommands<String, String>, CompletionStage<T>> redis,
                                     Supplier<CompletableFuture<T>> local) {
        RedisAsyncCommands<String, String> commands = link.commands();
        if (commands == null) {
            // Disconnected: that is an outage too, logged and counted like a failed call.
            availability.failed(new IllegalStateException("not connected to Redis"));
            return local.get();
        }
        CompletableFuture<T> call;
        try {
            call = redis.apply(commands).toCompletableFuture();
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        return call.handleAsync((value, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(value);
            }
            availability.failed(failure);
            return local.get();
        }, handoff).thenCompose(Function.identity());
    }
}
