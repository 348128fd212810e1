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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one access-log line per request to the {@code wharf.access} logger: client, method, path,
 * status, body bytes sent, duration and cache outcome. A response cut short (closed connection) is
 * logged with {@code aborted}. Sits after the HTTP codec; sees requests inbound and responses outbound.
 */
public final class AccessLogHandler extends ChannelDuplexHandler {
    private static final Logger ACCESS = LoggerFactory.getLogger("wharf.access");

    private String method;
    private String uri;
    private long startNanos;
    private int status;
    private long bytes;

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
        if (ACCESS.isInfoEnabled()) {
            ACCESS.info("{} {} {} {} {}B {}.{}ms {}{}", client(ctx.channel().remoteAddress()), method, uri, status, bytes,
                    micros / 1000, String.format("%03d", micros % 1000), cache == null ? "-" : cache.logName(), suffix);
        }
        method = null;
    }

    private static String client(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }
}
