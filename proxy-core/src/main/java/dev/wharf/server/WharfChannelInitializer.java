package dev.wharf.server;

import dev.wharf.config.ServerConfig;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server pipeline: [TLS] -> HTTP codec (request line and header limits) -> flow control (one
 * message per read) -> keep-alive -> idle timeout -> access log and metrics -> router. Auto-read is
 * off: the router reads the next request only when the previous response is done.
 */
public final class WharfChannelInitializer extends ChannelInitializer<SocketChannel> {
    /** Request bodies are streamed in chunks of at most this size. */
    private static final int MAX_CHUNK_SIZE = 64 * 1024;

    private final ServerConfig config;
    private final SslContext ssl;
    private final List<RouterHandler.Route> routes;
    private final AtomicInteger inFlight;
    private final ChannelGroup channels;
    private final RequestObserver requests;

    public WharfChannelInitializer(ServerConfig config, SslContext ssl, List<RouterHandler.Route> routes, AtomicInteger inFlight,
                            ChannelGroup channels, RequestObserver requests) {
        this.config = config;
        this.ssl = ssl;
        this.routes = routes;
        this.inFlight = inFlight;
        this.channels = channels;
        this.requests = requests;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        channels.add(ch);
        ChannelPipeline p = ch.pipeline();
        if (ssl != null) {
            p.addLast("tls", ssl.newHandler(ch.alloc()));
        }
        p.addLast("http", new HttpServerCodec(config.limits().maxInitialLineLength(), config.limits().maxHeaderSize(), MAX_CHUNK_SIZE));
        p.addLast("flow", new FlowControlHandler());
        p.addLast("keepAlive", new HttpServerKeepAliveHandler());
        // observeOutput: a write still making progress (a slow client reading a large body) is activity.
        p.addLast("idle", new IdleStateHandler(true, 0, 0, config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
        p.addLast("idleClose", new IdleCloseHandler());
        p.addLast("accessLog", new AccessLogHandler(requests));
        p.addLast("router", new RouterHandler(routes, inFlight));
    }
}
