package dev.wharf.bench;

import dev.wharf.codec.Digest;
import dev.wharf.server.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A keep-alive HTTP/1.1 client to one loopback port: {@link #get} sends a GET and counts the response
 * body as it arrives, discarding it (optionally hashing it), the way a fast puller would. One request at
 * a time on one connection; if the server closed it after a response, the next GET connects again (and
 * {@link #connections()} tells how often that happened).
 */
public final class BlobClient implements AutoCloseable {
    private static final int MAX_ATTEMPTS = 3;

    private final Bootstrap bootstrap;
    private final InetSocketAddress address;
    private final String host;
    private Channel channel;
    private long connections;

    /** What a GET got back: status, body bytes, and the body's digest when asked for. */
    public record Response(int status, long bytes, Digest digest) {
    }

    private BlobClient(EventLoopGroup group, Transport transport, int port) throws InterruptedException {
        this.host = "127.0.0.1:" + port;
        this.address = new InetSocketAddress("127.0.0.1", port);
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(transport.channelType())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new Counter());
                    }
                });
        connectIfClosed();
    }

    /** Connects to 127.0.0.1:{@code port} on {@code group}. */
    public static BlobClient connect(EventLoopGroup group, Transport transport, int port) throws InterruptedException {
        return new BlobClient(group, transport, port);
    }

    /**
     * GETs {@code path} and waits up to {@code timeout} for the whole body; with {@code hash} the body's
     * sha256 is computed too (slower: for checks, not for measuring). A connection that the server
     * closed before answering (a keep-alive race) is replaced and the GET sent again, at most twice.
     *
     * @throws IOException when the connection fails or closes before the body ended, or on timeout
     */
    public Response get(String path, boolean hash, Duration timeout) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            Exchange exchange = send(path, hash);
            try {
                return await(exchange, path, timeout);
            } catch (IOException e) {
                if (exchange.status != 0 || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                channel.close().sync();
            }
        }
    }

    private Exchange send(String path, boolean hash) throws InterruptedException {
        connectIfClosed();
        Exchange exchange = new Exchange(hash ? newSha256() : null);
        channel.pipeline().get(Counter.class).exchange = exchange;
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
        request.headers().set(HttpHeaderNames.HOST, host).set(HttpHeaderNames.ACCEPT, "*/*");
        channel.writeAndFlush(request).addListener(written -> {
            if (!written.isSuccess()) {
                exchange.done.completeExceptionally(written.cause());
            }
        });
        return exchange;
    }

    private static Response await(Exchange exchange, String path, Duration timeout) throws IOException, InterruptedException {
        try {
            return exchange.done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("GET " + path + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("GET " + path + ": no complete response within " + timeout
                    + " (" + exchange.bytes + " body bytes so far)");
        }
    }

    /** Connections opened so far: 1 when the server kept the connection alive throughout. */
    public long connections() {
        return connections;
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }

    private void connectIfClosed() throws InterruptedException {
        if (channel == null || !channel.isActive()) {
            channel = bootstrap.connect(address).sync().channel();
            connections++;
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    /** One GET in flight; its fields are written on the event loop only. */
    private static final class Exchange {
        final CompletableFuture<Response> done = new CompletableFuture<>();
        final MessageDigest sha256;
        volatile int status;
        volatile long bytes;

        Exchange(MessageDigest sha256) {
            this.sha256 = sha256;
        }
    }

    /** Counts body bytes of its connection's GET; SimpleChannelInboundHandler releases every message after it was read. */
    private static final class Counter extends SimpleChannelInboundHandler<HttpObject> {
        volatile Exchange exchange;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            Exchange exchange = this.exchange;
            if (msg instanceof HttpResponse response) {
                exchange.status = response.status().code();
            }
            if (msg instanceof HttpContent content) {
                ByteBuf body = content.content();
                exchange.bytes += body.readableBytes();
                if (exchange.sha256 != null) {
                    exchange.sha256.update(body.nioBuffer());
                }
            }
            if (msg instanceof LastHttpContent) {
                Digest digest = exchange.sha256 == null ? null : Digest.ofBytes(exchange.sha256.digest());
                exchange.done.complete(new Response(exchange.status, exchange.bytes, digest));
            }
        }

        /** A close before the body ended fails the GET; a close after it is the server declining keep-alive. */
        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Exchange exchange = this.exchange;
            if (exchange != null) {
                exchange.done.completeExceptionally(new ClosedChannelException());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Exchange exchange = this.exchange;
            if (exchange != null) {
                exchange.done.completeExceptionally(cause);
            }
            ctx.close();
        }
    }
}
