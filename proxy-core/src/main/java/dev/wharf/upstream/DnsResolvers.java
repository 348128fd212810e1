package dev.wharf.upstream;

import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.resolver.dns.DefaultDnsCache;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;

/**
 * Non-blocking name resolution for upstream connections (the JDK resolver would block an event loop):
 * Netty's DNS resolver, reading the hosts file and the system's name servers, on the same transport as the
 * sockets. Its resolvers (one per event loop) share one cache, so that the check of a token realm's address
 * and the connection to it see the same answers while they are cached.
 */
final class DnsResolvers {
    private DnsResolvers() {
    }

    static DnsAddressResolverGroup forTransport(Class<? extends SocketChannel> socketType) {
        Class<? extends DatagramChannel> datagramType;
        if (NioSocketChannel.class.isAssignableFrom(socketType)) {
            datagramType = NioDatagramChannel.class;
        } else if (EpollSocketChannel.class.isAssignableFrom(socketType)) {
            datagramType = EpollDatagramChannel.class;
        } else {
            throw new IllegalArgumentException("channelType: " + socketType.getName()
                    + " (expected: NioSocketChannel or EpollSocketChannel)");
        }
        return new DnsAddressResolverGroup(new DnsNameResolverBuilder()
                .resolveCache(new DefaultDnsCache())
                .datagramChannelType(datagramType)
                .socketChannelType(socketType));
    }
}
