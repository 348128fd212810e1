package dev.wharf.storage.coord;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import reactor.core.Disposable;

/**
 * The two connections {@link RedisCoordination} keeps to Redis, on lettuce's own small event loops: one for
 * commands, one subscribed to the release channel. Commands are rejected at once while a connection is down
 * rather than queued, and time out after the command timeout, so no call waits on an outage. Lettuce
 * reconnects a dropped connection by itself (resubscribing the channel), pausing at most the probe interval
 * between attempts; a first connection that failed is retried by the probe, which every probe interval PINGs
 * Redis (or connects) and reports the outcome to {@link RedisAvailability}. A failed reconnection of the command
 * connection is reported too, as it happens: the outage then begins at once, without waiting for a call or the
 * probe, and unless a call failed first (on the lost connection), its one WARN names the reason (connection
 * refused, timed out, ...) that lettuce's own reconnection log would have given. The server's logging setup
 * quiets that log, which repeats every few seconds per connection for as long as the outage lasts.
 */
final class RedisLink implements AutoCloseable {
    private final RedisSettings settings;
    private final RedisURI uri;
    private final String channel;
    private final Consumer<String> onReleased;
    private final RedisAvailability availability;
    private final ClientResources resources;
    private final RedisClient client;
    private final AtomicBoolean probing = new AtomicBoolean();
    private final Disposable reconnectFailures;
    private volatile StatefulRedisConnection<String, String> connection;
    private ScheduledFuture<?> probe;

    /** A link not yet connected; {@code onReleased} takes each release message, on a lettuce thread. */
    RedisLink(RedisSettings settings, String channel, Consumer<String> onReleased, RedisAvailability availability) {
        this.settings = settings;
        this.uri = RedisURI.create(settings.url());
        // Lettuce's handshake (HELLO, AUTH) waits this long; commands wait the TimeoutOptions below.
        this.uri.setTimeout(settings.commandTimeout());
        this.channel = channel;
        this.onReleased = onReleased;
        this.availability = availability;
        // Two connections need no more than lettuce's smallest pools (two threads each), whatever the core count.
        this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ZERO, settings.probeInterval(), 2, TimeUnit.MILLISECONDS))
                .build();
        this.reconnectFailures = resources.eventBus().get().ofType(ReconnectFailedEvent.class)
                .subscribe(this::reconnectFailed);
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout()).build())
                .build());
    }

    /** Host and port, for logs. */
    static String target(RedisSettings settings) {
        RedisURI uri = RedisURI.create(settings.url());
        return uri.getHost() + ":" + uri.getPort();
    }

    /**
     * Connects, and starts the probe. Lettuce's timeouts bound the attempt (each connection: the connect timeout,
     * then the command timeout for the handshake or the subscription); past twice that, an attempt slowed by
     * something else goes on in the background, and the coordination starts in an outage.
     */
    void open(ScheduledExecutorService timer) {
        probing.set(true);
        CompletableFuture<Void> first = connect().whenComplete((ignored, failure) -> report(failure));
        long probeMillis = settings.probeInterval().toMillis();
        probe = timer.scheduleWithFixedDelay(this::probe, probeMillis, probeMillis, TimeUnit.MILLISECONDS);
        try {
            first.get(settings.connectTimeout().plus(settings.commandTimeout()).multipliedBy(2).toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // reported by the attempt itself
        } catch (TimeoutException e) {
            availability.failed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The commands of the connection, or null before a first connection succeeded. */
    RedisAsyncCommands<String, String> commands() {
        StatefulRedisConnection<String, String> current = connection;
        return current == null ? null : current.async();
    }

    /** Closes both connections and lettuce's threads, waiting for them briefly. */
    @Override
    public void close() {
        if (probe != null) {
            probe.cancel(false);
        }
        reconnectFailures.dispose();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    private void probe() {
        if (!probing.compareAndSet(false, true)) {
            return; // the last probe has not answered yet
        }
        CompletableFuture<?> attempt;
        try {
            RedisAsyncCommands<String, String> commands = commands();
            attempt = commands == null ? connect() : commands.ping().toCompletableFuture();
        } catch (RuntimeException e) {
            // Thrown out of this task, it would cancel every later probe, and the outage would never end.
            attempt = CompletableFuture.failedFuture(e);
        }
        attempt.whenComplete((ignored, failure) -> report(failure));
    }

    /**
     * A reconnection attempt failed. Only while the command connection is down is that an outage: the
     * subscription's attempt may fail after the command connection came back, which is no reason to fall back.
     */
    private void reconnectFailed(ReconnectFailedEvent event) {
        StatefulRedisConnection<String, String> current = connection;
        if (current != null && !current.isOpen()) {
            availability.failed(event.getCause());
        }
    }

    private void report(Throwable failure) {
        probing.set(false);
        if (failure == null) {
            availability.answered();
        } else {
            availability.failed(failure);
        }
    }

    /** Opens the command connection, then the subscription; keeps neither unless both succeed. */
    private CompletableFuture<Void> connect() {
        return client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture()
                .thenCompose(commands -> subscribe().handle((subscription, failure) -> {
                    if (failure != null) {
                        commands.closeAsync();
                        throw new CompletionException(failure);
                    }
                    connection = commands;
                    return null;
                }));
    }

    private CompletableFuture<StatefulRedisPubSubConnection<String, String>> subscribe() {
        return client.connectPubSubAsync(StringCodec.UTF8, uri).toCompletableFuture().thenCompose(subscription -> {
            subscription.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String from, String message) {
                    onReleased.accept(message);
                }
            });
            return subscription.async().subscribe(channel).toCompletableFuture().handle((ignored, failure) -> {
                if (failure != null) {
                    subscription.closeAsync();
                    throw new CompletionException(failure);
                }
                return subscription;
            });
        });
    }
}
