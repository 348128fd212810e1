package dev.wharf.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Closes a connection on which nothing happened for the idle timeout (after an {@code IdleStateHandler}).
 * Two things are not idleness:
 * <ul>
 *   <li>a response still going out: a slow client reading a large body is making progress as long as the
 *       write in flight moves (the idle handler fires its first event whatever the progress, so the
 *       progress is checked here, from one event to the next);</li>
 *   <li>a request waiting for its handler's answer: the handler's own bounded waits (upstream timeouts,
 *       the fill stall timeout) answer it with a 504 rather than an empty reply.</li>
 * </ul>
 */
public final class IdleCloseHandler extends ChannelInboundHandlerAdapter {
    private Object lastMessage;
    private long lastPending = -1;
    private long lastProgress = -1;

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof IdleStateEvent)) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        RouterHandler router = ctx.pipeline().get(RouterHandler.class);
        if (router != null && router.awaitingResponse()) {
            return;
        }
        if (outputMoved(ctx)) {
            return;
        }
        ctx.close();
    }

    /** True when a write is pending and moved since the last idle event. */
    private boolean outputMoved(ChannelHandlerContext ctx) {
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        if (out == null || out.totalPendingWriteBytes() == 0) {
            return false;
        }
        Object message = out.current();
        long pending = out.totalPendingWriteBytes();
        long progress = out.currentProgress();
        boolean moved = message != lastMessage || pending != lastPending || progress != lastProgress;
        lastMessage = message;
        lastPending = pending;
        lastProgress = progress;
        return moved;
    }
}
