package dev.wharf.upstream;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLException;

/**
 * The HTTP/1.1 client Wharf uses to reach upstream registries: pooled keep-alive connections per
 * (scheme, host, port), TLS (OpenSSL when available) with SNI and hostname verification, streamed bodies
 * under backpressure, redirects, and the bearer-token and Basic authentication dances with a token cache.
 * Limits are in {@link UpstreamSettings}. Thread-safe; futures complete on event loops, so callbacks must
 * not block.
 */
public final class UpstreamClient implements AutoCloseable {
    private final UpstreamSettings settings;
    private final DnsAddressResolverGroup resolver;
    private final HttpTransport transport;
    private final Authenticator authenticator;
    private volatile boolean closed;

    /**
     * @param group       the event loops the connections run on; not shut down by {@link #close()}
     * @param channelType the socket type matching {@code group}'s transport (NIO or epoll)
     */
    public UpstreamClient(EventLoopGroup group, Class<? extends SocketChannel> channelType, UpstreamSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.resolver = DnsResolvers.forTransport(channelType);
        this.transport = new HttpTransport(group, channelType, settings, sslContext(settings), resolver);
        this.authenticator = new Authenticator(new TokenFetcher(
                (uri, authorization) -> RequestFlow.plainGet(uri, authorization, transport, settings.maxRedirects()),
                settings.maxTokenResponseBytes()));
    }

    /**
     * Sends {@code request}, following redirects and answering authentication challenges, and completes
     * with the final response once its head arrived; the caller must close it. Fails with an
     * {@link UpstreamException}.
     */
    public CompletableFuture<UpstreamResponse> execute(UpstreamRequest request) {
        Objects.requireNonNull(request, "request");
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("upstream client is closed"));
        }
        return RequestFlow.run(request, transport, authenticator, settings.maxRedirects());
    }

    /** Raw bytes read from upstream sockets so far, TLS included. */
    long bytesReceived() {
        return transport.bytesReceived();
    }

    /** Closes idle connections and the resolver; responses still open keep their connections until closed. */
    @Override
    public void close() {
        closed = true;
        transport.close();
        resolver.close();
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
