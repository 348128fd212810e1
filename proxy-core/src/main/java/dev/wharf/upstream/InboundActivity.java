package dev.wharf.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.LongAdder;

/**
 * First handler of an upstream pipeline, before TLS: notes when raw bytes last arrived, which is what the
 * read timeout measures, and counts them. Passes every message on untouched.
 */
final class InboundActivity extends ChannelInboundHandlerAdapter {
    private final LongAdder totalBytes;
    private long lastReadNanos = System.nanoTime();

    InboundActivity(LongAdder totalBytes) {
        this.totalBytes = totalBytes;
    }

    /** {@link System#nanoTime()} when bytes last arrived, or when the handler was created. */
    long lastReadNanos() {
        return lastReadNanos;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            totalBytes.add(buf.readableBytes());
            lastReadNanos = System.nanoTime();
        }
        ctx.fireChannelRead(msg);
    }
}
