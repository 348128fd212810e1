package dev.wharf.upstream;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.resolver.AddressResolverGroup;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLException;

/**
 * The HTTP/1.1 client Wharf uses to reach upstream registries. It holds what all remotes share (event
 * loops, the non-blocking DNS resolver, the TLS context: OpenSSL when available, with SNI and hostname
 * verification) and makes one {@link Upstream} per remote repository, which holds the remote's connection
 * pools and token cache. Client-wide limits are in {@link UpstreamSettings}, per-remote ones in
 * {@link RemoteSettings}. Thread-safe.
 */
public final class UpstreamClient implements AutoCloseable {
    private final ClientResources resources;
    private final Set<Upstream> upstreams = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param group       the event loops the connections run on; not shut down by {@link #close()}
     * @param channelType the socket type matching {@code group}'s transport (NIO or epoll)
     */
    public UpstreamClient(EventLoopGroup group, Class<? extends SocketChannel> channelType, UpstreamSettings settings) {
        this(group, channelType, settings, SharedCache.NONE);
    }

    /** A client whose upstreams share their bearer tokens with other replicas through {@code sharedTokens}. */
    public UpstreamClient(EventLoopGroup group, Class<? extends SocketChannel> channelType, UpstreamSettings settings,
                          SharedCache sharedTokens) {
        this(group, channelType, settings, DnsResolvers.forTransport(channelType), sharedTokens);
    }

    /** With another resolver, which {@link #close()} closes: tests give names the addresses they need. */
    UpstreamClient(EventLoopGroup group, Class<? extends SocketChannel> channelType, UpstreamSettings settings,
                   AddressResolverGroup<InetSocketAddress> resolver) {
        this(group, channelType, settings, resolver, SharedCache.NONE);
    }

    /** With another resolver and a shared token cache. */
    UpstreamClient(EventLoopGroup group, Class<? extends SocketChannel> channelType, UpstreamSettings settings,
                   AddressResolverGroup<InetSocketAddress> resolver, SharedCache sharedTokens) {
        Objects.requireNonNull(settings, "settings");
        this.resources = new ClientResources(group, channelType, resolver, sslContext(settings), settings, new LongAdder(),
                Objects.requireNonNull(sharedTokens, "sharedTokens"));
    }

    /** The upstream of one remote, with a listener that hears of nothing. */
    public Upstream remote(RemoteSettings settings) {
        return remote(settings, UpstreamListener.NONE);
    }

    /** The upstream of one remote; {@code listener} hears of each of its exchanges. Closed by {@link #close()}. */
    public Upstream remote(RemoteSettings settings, UpstreamListener listener) {
        if (closed) {
            throw new IllegalStateException("upstream client is closed");
        }
        Upstream upstream = new Upstream(resources, settings, listener, upstreams::remove);
        upstreams.add(upstream);
        return upstream;
    }

    /** Raw bytes read from upstream sockets so far, TLS included. */
    long bytesReceived() {
        return resources.bytesReceived().sum();
    }

    /** Closes every upstream's idle connections, and the resolver; open responses keep theirs until closed. */
    @Override
    public void close() {
        closed = true;
        upstreams.forEach(Upstream::close);
        resources.resolver().close();
    }

    private static SslContext sslContext(UpstreamSettings settings) {
        SslContextBuilder builder = SslContextBuilder.forClient()
                .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                .endpointIdentificationAlgorithm("HTTPS");
        if (settings.trustManager() != null) {
            builder.trustManager(settings.trustManager());
        }
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the upstream TLS context: " + e.getMessage(), e);
        }
    }
}
