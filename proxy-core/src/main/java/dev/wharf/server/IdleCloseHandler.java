package dev.wharf.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Closes a connection on which nothing was read or written for the idle timeout (after an
 * {@code IdleStateHandler} that observes output progress, so a slow client still receiving bytes is never
 * idle). A request still waiting for its handler's answer is not idleness: the handler's own bounded waits
 * (upstream timeouts, the fill stall timeout) answer it, with a 504 rather than an empty reply.
 */
public final class IdleCloseHandler extends ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            RouterHandler router = ctx.pipeline().get(RouterHandler.class);
            if (router == null || !router.awaitingResponse()) {
                ctx.close();
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }
}
