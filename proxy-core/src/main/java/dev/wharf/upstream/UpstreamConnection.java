package dev.wharf.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Last handler of an upstream connection's pipeline ({@link InboundActivity}, TLS, HTTP codec,
 * {@link RetainingFlowControlHandler}, this): runs one {@link UpstreamExchange} at a time, and between exchanges
 * watches the pooled idle connection, closing it when the peer hangs up, sends anything unasked, or after
 * the idle lifetime. Auto-read is off: the socket is read only through {@link #requestRead()}.
 * All state is confined to the channel's event loop.
 */
final class UpstreamConnection extends ChannelInboundHandlerAdapter {
    private static final AttributeKey<UpstreamConnection> KEY = AttributeKey.valueOf(UpstreamConnection.class, "connection");

    private final HostKey key;
    private final InboundActivity activity;
    private final long idleLifetimeNanos;
    private final Consumer<Channel> pool;
    private final SslHandler tls;
    private ChannelHandlerContext ctx;
    private Channel channel;
    private UpstreamExchange exchange;
    private boolean readPending;
    private int exchangesStarted;
    private long messagesReceived;
    private ScheduledFuture<?> idleClose;

    /**
     * @param tls  the connection's TLS handler, or null for plain http
     * @param pool gives the channel back to its pool; called exactly once per acquisition, after the
     *             connection became idle again or was closed
     */
    UpstreamConnection(HostKey key, InboundActivity activity, SslHandler tls, Duration idleLifetime, Consumer<Channel> pool) {
        this.key = key;
        this.activity = activity;
        this.tls = tls;
        this.idleLifetimeNanos = idleLifetime.toNanos();
        this.pool = pool;
    }

    /** The connection handler of an upstream channel; found even after its pipeline was torn down. */
    static UpstreamConnection of(Channel channel) {
        return channel.attr(KEY).get();
    }

    HostKey key() {
        return key;
    }

    Channel channel() {
        return channel;
    }

    /** Completes when the connection is ready for a request: at once for http, after the handshake for https. */
    Future<Channel> ready() {
        return tls == null ? channel.eventLoop().newSucceededFuture(channel) : tls.handshakeFuture();
    }

    /** True once an exchange has run here: a failure before any response may then be a stale connection. */
    boolean reused() {
        return exchangesStarted > 0;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.channel = ctx.channel();
        channel.attr(KEY).set(this);
    }

    /** Sends {@code request} (ownership passes to the channel) and starts waiting for its response. */
    void start(UpstreamExchange next, HttpRequest request) {
        cancelIdleClose();
        exchange = next;
        exchangesStarted++;
        next.attach(this);
        ctx.writeAndFlush(request).addListener(f -> {
            if (!f.isSuccess()) {
                next.onError(f.cause());
            }
        });
        next.awaitHead();
    }

    /** Asks for one more message, unless a read is already outstanding. */
    void requestRead() {
        if (!readPending) {
            readPending = true;
            ctx.read();
        }
    }

    /** After the peer closed: pulls one message the flow control still holds; true if one arrived. */
    boolean pullRetained() {
        long before = messagesReceived;
        ctx.read();
        return messagesReceived != before;
    }

    /** The exchange read its response to the end: back to the pool when reusable, otherwise closed. */
    void finish(UpstreamExchange done, boolean reusable) {
        if (exchange != done) {
            return;
        }
        exchange = null;
        if (reusable && channel.isActive()) {
            idleClose = ctx.executor().schedule((Runnable) channel::close, idleLifetimeNanos, TimeUnit.NANOSECONDS);
            requestRead();
        } else {
            channel.close();
        }
        pool.accept(channel);
    }

    /** Gives back, closed, a connection on which no exchange could start (handshake failed, or it closed). */
    void releaseUnused() {
        channel.close();
        pool.accept(channel);
    }

    /** The exchange was abandoned or failed: the connection is closed, never reused with unread bytes. */
    void abort(UpstreamExchange done) {
        if (exchange != done) {
            return;
        }
        exchange = null;
        channel.close();
        pool.accept(channel);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        readPending = false;
        messagesReceived++;
        if (exchange == null || !(msg instanceof HttpObject)) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        exchange.onMessage((HttpObject) msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Flow control reports a read that yielded no whole message with a bare read-complete: ask again.
        if (readPending && ctx.channel().isActive()) {
            readPending = false;
            requestRead();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelIdleClose();
        if (exchange != null) {
            exchange.onInactive();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (exchange != null) {
            exchange.onError(cause);
        }
        ctx.close();
    }

    /** {@link System#nanoTime()} when raw bytes last arrived, for the read timeout. */
    long lastReadNanos() {
        return activity.lastReadNanos();
    }

    private void cancelIdleClose() {
        if (idleClose != null) {
            idleClose.cancel(false);
            idleClose = null;
        }
    }
}
