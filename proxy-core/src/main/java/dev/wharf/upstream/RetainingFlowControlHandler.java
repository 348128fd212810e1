package dev.wharf.upstream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.flow.FlowControlHandler;

/**
 * Sits right after the HTTP codec and hands on one decoded message per {@code read()}, like
 * {@link FlowControlHandler}, but keeps the messages it holds when the peer closes the connection: a body
 * followed by a close (epoll reads to the end of the stream as soon as the peer hangs up, whatever
 * {@code autoRead} says) must still reach the consumer whole rather than look truncated.
 * {@link UpstreamConnection} pulls the rest with {@code read()} after the close; anything still held when
 * the pipeline is torn down is passed on and released there.
 */
final class RetainingFlowControlHandler extends FlowControlHandler {
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ctx.fireChannelInactive();
    }
}
