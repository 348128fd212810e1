package dev.wharf.storage.blob.s3;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.ssl.SSLException;

/**
 * The data plane of an {@link S3BlobStore}'s reads: plain Netty HTTP/1.1 connections to the S3 endpoint, kept
 * alive and reused, on which {@link PresignedRange} sends presigned ranged {@code GET}s. The SDK's client copies
 * every response chunk into a heap {@link java.nio.ByteBuffer} and hands them over one small chunk at a time;
 * here the body arrives as the pooled buffers Netty read, which go to the consumer as they are, with a bounded
 * read-ahead. Connections are opened with auto-read off, so a body is read only as fast as it is consumed.
 */
final class S3Http implements AutoCloseable {
    /** The largest body chunk the decoder hands over: a socket read's worth rather than 8 KiB pieces. */
    private static final int MAX_CHUNK = 1 << 20;
    /** The largest socket read. */
    static final int MAX_READ = 1 << 20;

    private final Bootstrap bootstrap;
    private final SslContext ssl;
    private final Map<String, ConcurrentLinkedDeque<Channel>> idle = new ConcurrentHashMap<>();
    private volatile boolean closed;

    S3Http(EventLoopGroup loops) {
        this.bootstrap = new Bootstrap().group(loops).channel(NioSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                // Socket reads of up to 1 MiB: with auto-read off, each read() is one read(2), and each
                // buffer read is one the consumer writes on, so larger ones mean fewer system calls on both.
                .option(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(64 << 10, 256 << 10, MAX_READ))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
        try {
            this.ssl = SslContextBuilder.forClient().build();
        } catch (SSLException e) {
            throw new IllegalStateException("TLS for S3: " + e.getMessage(), e);
        }
    }

    /** A connection to {@code target}'s host: an idle kept-alive one, else a new one. Completes on its event loop. */
    CompletableFuture<Connection> acquire(URI target) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("S3 blob store is closed"));
        }
        String origin = origin(target);
        ConcurrentLinkedDeque<Channel> ready = idle.get(origin);
        if (ready != null) {
            for (Channel channel = ready.pollFirst(); channel != null; channel = ready.pollFirst()) {
                if (channel.isActive()) {
                    return CompletableFuture.completedFuture(new Connection(channel, origin, true));
                }
            }
        }
        boolean tls = "https".equalsIgnoreCase(target.getScheme());
        int port = target.getPort() > 0 ? target.getPort() : tls ? 443 : 80;
        CompletableFuture<Connection> connected = new CompletableFuture<>();
        ChannelFuture connect = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                if (tls) {
                    channel.pipeline().addLast(ssl.newHandler(channel.alloc(), target.getHost(), port));
                }
                channel.pipeline().addLast(new HttpClientCodec(new HttpDecoderConfig().setMaxChunkSize(MAX_CHUNK),
                        false, false));
            }
        }).connect(target.getHost(), port);
        connect.addListener(done -> {
            if (done.isSuccess()) {
                connected.complete(new Connection(connect.channel(), origin, false));
            } else {
                connected.completeExceptionally(done.cause());
            }
        });
        return connected;
    }

    /** Closes idle connections; connections in use close when their streams end. */
    @Override
    public void close() {
        closed = true;
        idle.values().forEach(channels -> channels.forEach(Channel::close));
        idle.clear();
    }

    /** A request head for the presigned {@code url}: its path and query as signed, and the host it was signed for. */
    static HttpRequest request(HttpMethod method, URI url) {
        String target = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, target);
        request.headers().set(HttpHeaderNames.HOST, url.getRawAuthority());
        return request;
    }

    private static String origin(URI target) {
        return target.getScheme() + "://" + target.getRawAuthority();
    }

    /** One connection, borrowed for one exchange; {@link #release} returns it for reuse or closes it. */
    final class Connection {
        private final Channel channel;
        private final String origin;
        private final boolean reused;

        private Connection(Channel channel, String origin, boolean reused) {
            this.channel = Objects.requireNonNull(channel, "channel");
            this.origin = origin;
            this.reused = reused;
        }

        Channel channel() {
            return channel;
        }

        /** Whether it served an exchange before: a server may have closed it meanwhile, so a failure before any
         *  response is worth one retry on a new connection. */
        boolean reused() {
            return reused;
        }

        /** Gives the connection back after a complete exchange ({@code reusable}), else closes it. */
        void release(boolean reusable) {
            if (reusable && !closed && channel.isActive()) {
                idle.computeIfAbsent(origin, o -> new ConcurrentLinkedDeque<>()).offerFirst(channel);
                if (closed) {
                    channel.close();
                }
            } else {
                channel.close();
            }
        }
    }
}
