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
import io.netty.handler.codec.http.LastHttpContent;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;

/**
 * Logs one access line per request: time, client, method, path, status, body bytes sent, duration and
 * cache outcome. A response cut short (closed connection) is logged with {@code aborted}. Sits after the
 * HTTP codec; sees requests inbound and responses outbound. Lines go to an {@link AccessLogWriter}, so
 * logging never blocks the event loop.
 */
public final class AccessLogHandler extends ChannelDuplexHandler {
    private final AccessLogWriter writer;

    private String method;
    private String uri;
    private long startNanos;
    private int status;
    private long bytes;

    public AccessLogHandler(AccessLogWriter writer) {
        this.writer = writer;
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

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response) {
            status = response.status().code();
        }
        if (msg instanceof ByteBufHolder holder) {
            bytes += holder.content().readableBytes();
        } else if (msg instanceof ByteBuf buf) {
            bytes += buf.readableBytes();
        } else if (msg instanceof FileRegion region) {
            bytes += region.count();
        }
        if (msg instanceof LastHttpContent && method != null) {
            promise = promise.unvoid();
            promise.addListener((ChannelFutureListener) f -> log(ctx, f.isSuccess() ? "" : " aborted"));
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (method != null) {
            log(ctx, " aborted");
        }
        ctx.fireChannelInactive();
    }

    private void log(ChannelHandlerContext ctx, String suffix) {
        if (method == null) {
            return;
        }
        long micros = (System.nanoTime() - startNanos) / 1000;
        CacheStatus cache = ctx.channel().attr(Exchange.CACHE_STATUS).get();
        StringBuilder line = new StringBuilder(160).append(Instant.now()).append(" INFO access - ")
                .append(client(ctx.channel().remoteAddress())).append(' ').append(method).append(' ').append(uri)
                .append(' ').append(status).append(' ').append(bytes).append("B ")
                .append(micros / 1000).append('.').append((char) ('0' + micros % 1000 / 100))
                .append((char) ('0' + micros % 100 / 10)).append((char) ('0' + micros % 10)).append("ms ")
                .append(cache == null ? "-" : cache.logName()).append(suffix);
        writer.log(line.toString());
        method = null;
    }

    private static String client(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }
}
