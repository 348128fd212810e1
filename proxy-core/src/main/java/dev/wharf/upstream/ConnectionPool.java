package dev.wharf.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.FixedChannelPool;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keep-alive HTTP/1.1 connections, one {@link FixedChannelPool} per (scheme, host, port). A connection
 * goes back only after its response was read to the end ({@link UpstreamConnection#finish}); a closed one
 * fails the health check and is dropped. Each new channel gets the pipeline
 * {@code InboundActivity, [SslHandler], HttpClientCodec, RetainingFlowControlHandler, UpstreamConnection}
 * with auto-read off.
 */
final class ConnectionPool implements AutoCloseable {
    /** Largest body piece the codec hands on at once; a piece is a slice of what the socket read, not a copy. */
    private static final int MAX_CHUNK_SIZE = 64 * 1024;
    private static final int MAX_INITIAL_LINE_LENGTH = 8 * 1024;

    private final Bootstrap bootstrap;
    private final UpstreamSettings settings;
    private final SslContext sslContext;
    private final LongAdder bytesReceived = new LongAdder();
    private final ConcurrentMap<HostKey, FixedChannelPool> pools = new ConcurrentHashMap<>();

    ConnectionPool(EventLoopGroup group, Class<? extends SocketChannel> channelType, UpstreamSettings settings,
                   SslContext sslContext, AddressResolverGroup<?> resolver) {
        this.settings = settings;
        this.sslContext = sslContext;
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(channelType)
                .resolver(resolver)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()));
    }

    /** A connected channel to {@code key}, pooled or new; its TLS handshake may still be running. */
    Future<Channel> acquire(HostKey key) {
        return pools.computeIfAbsent(key, this::newPool).acquire();
    }

    /** Raw bytes read from all upstream sockets so far. */
    long bytesReceived() {
        return bytesReceived.sum();
    }

    @Override
    public void close() {
        pools.values().forEach(FixedChannelPool::closeAsync);
        pools.clear();
    }

    private FixedChannelPool newPool(HostKey key) {
        Bootstrap b = bootstrap.clone().remoteAddress(InetSocketAddress.createUnresolved(key.host(), key.port()));
        PipelineInitializer initializer = new PipelineInitializer(key);
        FixedChannelPool pool = new FixedChannelPool(b, initializer, ChannelHealthChecker.ACTIVE,
                FixedChannelPool.AcquireTimeoutAction.FAIL, settings.readTimeout().toMillis(),
                settings.maxConnectionsPerHost(), Integer.MAX_VALUE, true, true);
        initializer.pool = pool;
        return pool;
    }

    /** Builds the pipeline of each new channel of one pool. */
    private final class PipelineInitializer extends AbstractChannelPoolHandler {
        private final HostKey key;
        private volatile FixedChannelPool pool;

        PipelineInitializer(HostKey key) {
            this.key = key;
        }

        @Override
        public void channelCreated(Channel ch) {
            ChannelPipeline p = ch.pipeline();
            InboundActivity activity = new InboundActivity(bytesReceived);
            p.addLast("activity", activity);
            SslHandler tls = null;
            if (key.secure()) {
                tls = sslContext.newHandler(ch.alloc(), key.host(), key.port());
                tls.setHandshakeTimeoutMillis(settings.connectTimeout().toMillis());
                p.addLast("tls", tls);
            }
            p.addLast("http", new HttpClientCodec(new HttpDecoderConfig()
                    .setMaxInitialLineLength(MAX_INITIAL_LINE_LENGTH)
                    .setMaxHeaderSize(settings.maxHeaderSize())
                    .setMaxChunkSize(MAX_CHUNK_SIZE), false, false));
            p.addLast("flow", new RetainingFlowControlHandler());
            p.addLast("exchange", new UpstreamConnection(key, activity, tls, settings.idleConnectionLifetime(),
                    channel -> pool.release(channel)));
        }
    }
}
