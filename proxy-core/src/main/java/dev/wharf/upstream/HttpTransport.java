package dev.wharf.upstream;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.Future;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one request on a pooled connection and completes with the response once its head arrives; no
 * redirects, no authentication. A request that finds its reused keep-alive connection closed by the peer
 * before any response byte is sent once more on another connection, if its method is idempotent.
 */
final class HttpTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);

    private final UpstreamSettings settings;
    private final ConnectionPool pool;

    HttpTransport(EventLoopGroup group, Class<? extends SocketChannel> channelType, UpstreamSettings settings,
                  SslContext sslContext, AddressResolverGroup<?> resolver) {
        this.settings = settings;
        this.pool = new ConnectionPool(group, channelType, settings, sslContext, resolver);
    }

    /**
     * Sends {@code method uri} with {@code headers} (plus Host and User-Agent). The future fails with an
     * {@link UpstreamException} and completes on an event loop.
     */
    CompletableFuture<UpstreamResponse> send(HttpMethod method, URI uri, HttpHeaders headers) {
        CompletableFuture<UpstreamResponse> result = new CompletableFuture<>();
        attempt(method, uri, headers, result, true);
        return result;
    }

    long bytesReceived() {
        return pool.bytesReceived();
    }

    @Override
    public void close() {
        pool.close();
    }

    private void attempt(HttpMethod method, URI uri, HttpHeaders headers, CompletableFuture<UpstreamResponse> result,
                         boolean mayRetry) {
        HostKey key = HostKey.of(uri);
        pool.acquire(key).addListener((Future<Channel> acquired) -> {
            if (!acquired.isSuccess()) {
                result.completeExceptionally(Failures.connect(key, acquired.cause()));
                return;
            }
            Channel ch = acquired.getNow();
            ch.eventLoop().execute(() -> afterHandshake(ch, key, () -> {
                UpstreamConnection connection = ch.pipeline().get(UpstreamConnection.class);
                boolean reused = connection.reused();
                Exchange exchange = new Exchange(method, uri, settings.readTimeout());
                connection.start(exchange, newRequest(method, uri, key, headers));
                exchange.head().whenComplete((response, e) -> {
                    if (e == null) {
                        if (!result.complete(response)) {
                            response.close();
                        }
                    } else if (mayRetry && reused && !exchange.anythingReceived() && isIdempotent(method)
                            && e instanceof UpstreamConnectException) {
                        LOG.debug("{}: pooled connection was closed by the peer; retrying on another", key);
                        attempt(method, uri, headers, result, false);
                    } else {
                        result.completeExceptionally(e);
                    }
                });
            }, result));
        });
    }

    /** Runs {@code then} once a new TLS connection finished its handshake; fails {@code result} if it did not. */
    private void afterHandshake(Channel ch, HostKey key, Runnable then, CompletableFuture<UpstreamResponse> result) {
        SslHandler tls = ch.pipeline().get(SslHandler.class);
        if (tls == null || tls.handshakeFuture().isSuccess()) {
            then.run();
            return;
        }
        tls.handshakeFuture().addListener(handshake -> {
            if (handshake.isSuccess()) {
                then.run();
            } else {
                ch.close();
                ch.pipeline().get(UpstreamConnection.class).releaseUnused();
                result.completeExceptionally(Failures.connect(key, handshake.cause()));
            }
        });
    }

    private FullHttpRequest newRequest(HttpMethod method, URI uri, HostKey key, HttpHeaders extra) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, target, Unpooled.EMPTY_BUFFER);
        HttpHeaders h = request.headers();
        h.set(HttpHeaderNames.HOST, key.authority());
        h.set(HttpHeaderNames.USER_AGENT, settings.userAgent());
        for (String name : extra.names()) {
            h.set(name, extra.getAll(name));
        }
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            h.set(HttpHeaderNames.CONTENT_LENGTH, 0);
        }
        return request;
    }

    private static boolean isIdempotent(HttpMethod method) {
        return method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD) || method.equals(HttpMethod.OPTIONS);
    }
}
