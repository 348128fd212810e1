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
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.Future;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
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
        Send send = new Send(method, uri, HostKey.of(uri), headers, new CompletableFuture<>());
        attempt(send, true);
        return send.result();
    }

    long bytesReceived() {
        return pool.bytesReceived();
    }

    @Override
    public void close() {
        pool.close();
    }

    private void attempt(Send send, boolean mayRetry) {
        pool.acquire(send.key()).addListener((Future<Channel> acquired) -> {
            if (!acquired.isSuccess()) {
                send.result().completeExceptionally(Failures.connect(send.key(), acquired.cause()));
                return;
            }
            Channel ch = acquired.getNow();
            try {
                ch.eventLoop().execute(() -> whenReady(UpstreamConnection.of(ch), send, mayRetry));
            } catch (RejectedExecutionException e) {
                UpstreamConnection.of(ch).releaseUnused();
                send.result().completeExceptionally(Failures.connect(send.key(), e));
            }
        });
    }

    /**
     * On the channel's event loop: starts the exchange once a new TLS connection finished its handshake.
     * A connection that failed its handshake, or closed before the request went out, goes back unused.
     */
    private void whenReady(UpstreamConnection connection, Send send, boolean mayRetry) {
        connection.ready().addListener(ready -> {
            if (!ready.isSuccess()) {
                connection.releaseUnused();
                send.result().completeExceptionally(Failures.connect(send.key(), ready.cause()));
            } else if (!connection.channel().isActive()) {
                connection.releaseUnused();
                if (mayRetry && connection.reused()) {
                    attempt(send, false);
                } else {
                    send.result().completeExceptionally(new UpstreamConnectException(
                            send.key() + ": the connection closed before the request was sent", null));
                }
            } else {
                exchange(connection, send, mayRetry);
            }
        });
    }

    /** On the channel's event loop: sends the request, then hands the response (or a retry) to the result. */
    private void exchange(UpstreamConnection connection, Send send, boolean mayRetry) {
        boolean reused = connection.reused();
        UpstreamExchange exchange = new UpstreamExchange(send.method(), send.uri(), settings.readTimeout());
        connection.start(exchange, newRequest(send));
        exchange.head().whenComplete((response, e) -> {
            if (e == null) {
                if (!send.result().complete(response)) {
                    response.close();
                }
            } else if (mayRetry && reused && !exchange.anythingReceived() && isIdempotent(send.method())
                    && e instanceof UpstreamConnectException) {
                LOG.debug("{}: pooled connection was closed by the peer; retrying on another", send.key());
                attempt(send, false);
            } else {
                send.result().completeExceptionally(e);
            }
        });
    }

    private FullHttpRequest newRequest(Send send) {
        URI uri = send.uri();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, send.method(), target, Unpooled.EMPTY_BUFFER);
        HttpHeaders h = request.headers();
        h.set(HttpHeaderNames.HOST, send.key().authority());
        h.set(HttpHeaderNames.USER_AGENT, settings.userAgent());
        for (String name : send.headers().names()) {
            h.set(name, send.headers().getAll(name));
        }
        if (!send.method().equals(HttpMethod.GET) && !send.method().equals(HttpMethod.HEAD)) {
            h.set(HttpHeaderNames.CONTENT_LENGTH, 0);
        }
        return request;
    }

    private static boolean isIdempotent(HttpMethod method) {
        return method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD) || method.equals(HttpMethod.OPTIONS);
    }

    /** One request on its way, and where its response goes. */
    private record Send(HttpMethod method, URI uri, HostKey key, HttpHeaders headers,
                        CompletableFuture<UpstreamResponse> result) {
    }
}
