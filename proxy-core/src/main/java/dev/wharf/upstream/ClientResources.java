package dev.wharf.upstream;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.resolver.AddressResolverGroup;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.LongAdder;

/**
 * What an {@link UpstreamClient} shares with each of its {@link Upstream}s: event loops, socket type, the
 * non-blocking resolver, the TLS context, the client-wide settings, and the received-bytes counter.
 */
record ClientResources(EventLoopGroup group, Class<? extends SocketChannel> channelType,
                       AddressResolverGroup<InetSocketAddress> resolver, SslContext sslContext,
                       UpstreamSettings settings, LongAdder bytesReceived, SharedCache sharedTokens) {
}
