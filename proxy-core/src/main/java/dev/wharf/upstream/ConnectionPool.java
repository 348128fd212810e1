package dev.wharf.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * The keep-alive HTTP/1.1 connections of one {@link Upstream}: a {@link HostPool} per (scheme, host, port)
 * and {@link Purpose}, sized by its {@link RemoteSettings}. A connection goes back only after its response
 * was read to the end ({@link UpstreamConnection#finish}); a closed one fails the health check and is
 * dropped. Each new channel gets the pipeline
 * {@code InboundActivity, [SslHandler], HttpClientCodec, RetainingFlowControlHandler, UpstreamConnection}
 * with auto-read off.
 */
final class ConnectionPool implements AutoCloseable {
    /** Largest body piece the codec hands on at once; a piece is a slice of what the socket read, not a copy. */
    private static final int MAX_CHUNK_SIZE = 64 * 1024;
    private static final int MAX_INITIAL_LINE_LENGTH = 8 * 1024;

    private final ClientResources client;
    private final RemoteSettings remote;
    private final Bootstrap bootstrap;
    private final ConcurrentMap<PoolKey, HostPool> pools = new ConcurrentHashMap<>();

    ConnectionPool(ClientResources client, RemoteSettings remote) {
        this.client = client;
        this.remote = remote;
        this.bootstrap = new Bootstrap()
                .group(client.group())
                .channel(client.channelType())
                .resolver(client.resolver())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, remote.connectTimeout().toMillis()));
    }

    /**
     * A connected channel to {@code key} from its {@code purpose} pool, pooled or new (its TLS handshake may
     * still be running); fails with an {@link UpstreamTimeoutException} when none is free within {@code wait}.
     */
    CompletableFuture<Channel> acquire(HostKey key, Purpose purpose, Duration wait) {
        return pools.computeIfAbsent(new PoolKey(key, purpose), this::newPool).acquire(wait);
    }

    /** A snapshot of every pool opened so far. */
    List<PoolStats> stats() {
        return pools.values().stream().map(HostPool::stats).toList();
    }

    @Override
    public void close() {
        pools.values().forEach(HostPool::close);
        pools.clear();
    }

    private HostPool newPool(PoolKey pool) {
        Bootstrap b = bootstrap.clone().remoteAddress(InetSocketAddress.createUnresolved(pool.host().host(), pool.host().port()));
        return new HostPool(pool.host(), pool.purpose(), remote.poolSize(pool.purpose()), b,
                release -> new PipelineInitializer(pool.host(), release));
    }

    /** One pool's identity. */
    private record PoolKey(HostKey host, Purpose purpose) {
    }

    /** Builds the pipeline of each new channel of one pool. */
    private final class PipelineInitializer extends AbstractChannelPoolHandler {
        private final HostKey key;
        private final Consumer<Channel> release;

        PipelineInitializer(HostKey key, Consumer<Channel> release) {
            this.key = key;
            this.release = release;
        }

        @Override
        public void channelCreated(Channel ch) {
            ChannelPipeline p = ch.pipeline();
            InboundActivity activity = new InboundActivity(client.bytesReceived());
            p.addLast("activity", activity);
            SslHandler tls = null;
            if (key.secure()) {
                tls = client.sslContext().newHandler(ch.alloc(), key.host(), key.port());
                tls.setHandshakeTimeoutMillis(remote.connectTimeout().toMillis());
                p.addLast("tls", tls);
            }
            p.addLast("http", new HttpClientCodec(new HttpDecoderConfig()
                    .setMaxInitialLineLength(MAX_INITIAL_LINE_LENGTH)
                    .setMaxHeaderSize(client.settings().maxHeaderSize())
                    .setMaxChunkSize(MAX_CHUNK_SIZE), false, false));
            p.addLast("flow", new RetainingFlowControlHandler());
            p.addLast("exchange", new UpstreamConnection(key, activity, tls, client.settings().idleConnectionLifetime(), release));
        }
    }
}
