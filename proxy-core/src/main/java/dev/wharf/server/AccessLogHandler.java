package dev.wharf.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Follows each request to the end of its response and tells a {@link RequestObserver} (the access log
 * and the metrics) what happened: status, body bytes, duration, cache outcome, repository and format. Sits
 * after the HTTP codec; sees requests inbound and responses outbound.
 *
 * <p>The byte count is what reached the socket, not what was handed to it: a buffer counts once its
 * write succeeded, a {@link FileRegion} by its {@code transferred()} when its write completes or fails,
 * so a response cut short reports the bytes that actually went out. A response whose last write failed,
 * or whose connection closed first, is reported as aborted.
 */
public final class AccessLogHandler extends ChannelDuplexHandler {
    private final RequestObserver observer;

    /** The peer's address as text, formatted once per connection. */
    private String client;
    private String method;
    private String uri;
    private long startNanos;
    private int status;
    private long bytes;

    public AccessLogHandler(RequestObserver observer) {
        this.observer = observer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            method = request.method().name();
            uri = request.uri();
            startNanos = System.nanoTime();
            status = 0;
            bytes = 0;
        }
        ctx.fireChannelRead(msg);
    }

    private static boolean isInterim(Object msg) {
        return msg instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (method == null || isInterim(msg)) {
            // An interim response (100 Continue) is not the answer to the request.
            ctx.write(msg, promise);
            return;
        }
        if (msg instanceof HttpResponse response) {
            status = response.status().code();
        }
        // Sizes are taken now: the message is released once written.
        long size = msg instanceof ByteBufHolder holder ? holder.content().readableBytes()
                : msg instanceof ByteBuf buf ? buf.readableBytes() : 0;
        FileRegion region = msg instanceof FileRegion r ? r : null;
        boolean last = msg instanceof LastHttpContent;
        if (size > 0 || region != null || last) {
            promise = promise.unvoid();
            promise.addListener((ChannelFutureListener) f -> {
                if (region != null) {
                    bytes += region.transferred();
                } else if (f.isSuccess()) {
                    bytes += size;
                }
                if (last) {
                    complete(ctx, !f.isSuccess());
                }
            });
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        complete(ctx, true);
        ctx.fireChannelInactive();
    }

    private void complete(ChannelHandlerContext ctx, boolean aborted) {
        if (method == null) {
            return;
        }
        String repository = ctx.channel().attr(Exchange.REPOSITORY).get();
        String format = ctx.channel().attr(Exchange.FORMAT).get();
        if (client == null) {
            client = client(ctx.channel().remoteAddress());
        }
        CompletedRequest request = new CompletedRequest(client, method, uri, status, bytes,
                System.nanoTime() - startNanos, ctx.channel().attr(Exchange.CACHE_STATUS).get(),
                repository == null ? CompletedRequest.UNDESCRIBED : repository,
                format == null ? CompletedRequest.UNDESCRIBED : format, aborted);
        method = null;
        uri = null;
        observer.completed(request);
    }

    private static String client(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }
}
