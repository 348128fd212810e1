package dev.wharf.upstream;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 server on 127.0.0.1 for tests: counts the connections it accepted, records every
 * request, and answers through a handler.
 */
final class TestServer implements AutoCloseable {
    /** Answers one request; the request is released after it returns. */
    interface Handler {
        void handle(ChannelHandlerContext ctx, FullHttpRequest request) throws Exception;
    }

    /** A request as the server saw it. */
    record Recorded(HttpMethod method, String uri, HttpHeaders headers) {
    }

    private final Channel server;
    private final ChannelGroup children = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final boolean tls;

    private TestServer(EventLoopGroup group, SslContext ssl, Handler handler) throws InterruptedException {
        this.tls = ssl != null;
        this.server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.incrementAndGet();
                        children.add(ch);
                        if (ssl != null) {
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                new SimpleChannelInboundHandler<FullHttpRequest>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws Exception {
                                        requests.add(new Recorded(request.method(), request.uri(), request.headers().copy()));
                                        handler.handle(ctx, request);
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        // Clients in these tests hang up and refuse handshakes on purpose.
                                        ctx.close();
                                    }
                                });
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    static TestServer start(EventLoopGroup group, Handler handler) throws InterruptedException {
        return new TestServer(group, null, handler);
    }

    static TestServer startTls(EventLoopGroup group, SslContext ssl, Handler handler) throws InterruptedException {
        return new TestServer(group, ssl, handler);
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** {@code http(s)://127.0.0.1:port/path}. */
    URI uri(String pathAndQuery) {
        return uri("127.0.0.1", pathAndQuery);
    }

    /** The server's URI under another name for the same address, e.g. {@code localhost}. */
    URI uri(String host, String pathAndQuery) {
        return URI.create((tls ? "https" : "http") + "://" + host + ":" + port() + pathAndQuery);
    }

    int connections() {
        return connections.get();
    }

    List<Recorded> requests() {
        return requests;
    }

    /** Requests whose path (without query) is {@code path}. */
    List<Recorded> requests(String path) {
        return requests.stream().filter(r -> URI.create(r.uri()).getPath().equals(path)).toList();
    }

    /** Closes every accepted connection, as a server dropping idle keep-alive connections does. */
    void closeConnections() throws InterruptedException {
        children.close().sync();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        children.close().syncUninterruptibly();
    }

    /** Stops speaking HTTP on this connection and writes {@code raw} as it is, e.g. a malformed or cut response. */
    static io.netty.channel.ChannelFuture writeRaw(ChannelHandlerContext ctx, String raw) {
        ctx.pipeline().remove(HttpServerCodec.class);
        ctx.pipeline().remove(HttpObjectAggregator.class);
        return ctx.channel().writeAndFlush(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
    }

    /** Writes a complete response with a Content-Length; {@code headers} are name, value pairs. */
    static void respond(ChannelHandlerContext ctx, int status, String body, String... headers) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        for (int i = 0; i < headers.length; i += 2) {
            response.headers().add(headers[i], headers[i + 1]);
        }
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        ctx.writeAndFlush(response);
    }
}
