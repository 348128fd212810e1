package dev.wharf.upstream;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one request on a pooled connection of one {@link Upstream} and completes with the response once its
 * head arrives; no redirects, no authentication. A request that finds its reused keep-alive connection
 * closed by the peer before any response byte is sent once more on another connection, if its method is
 * idempotent. Tells the {@link UpstreamListener} how each request ended.
 */
final class HttpTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);

    private final ConnectionPool pool;
    private final String userAgent;
    private final UpstreamListener listener;

    HttpTransport(ConnectionPool pool, String userAgent, UpstreamListener listener) {
        this.pool = pool;
        this.userAgent = userAgent;
        this.listener = listener;
    }

    /**
     * Sends {@code method uri} with {@code headers} (plus Host and User-Agent) on a {@code purpose} connection,
     * waiting at most {@code readTimeout} for a free one and then for each read. The future fails with an
     * {@link UpstreamException} and completes on an event loop.
     */
    CompletableFuture<UpstreamResponse> send(HttpMethod method, URI uri, HttpHeaders headers, Purpose purpose,
                                             Duration readTimeout) {
        Send send = new Send(method, uri, HostKey.of(uri), headers, purpose, readTimeout, System.nanoTime(),
                new CompletableFuture<>());
        attempt(send, true);
        return send.result();
    }

    /** A snapshot of the pools. */
    List<PoolStats> stats() {
        return pool.stats();
    }

    @Override
    public void close() {
        pool.close();
    }

    private void attempt(Send send, boolean mayRetry) {
        pool.acquire(send.key(), send.purpose(), send.readTimeout()).whenComplete((ch, error) -> {
            if (error != null) {
                // The pool's own wait fails with an UpstreamTimeoutException; connect failures come raw.
                boolean noFreeConnection = Failures.unwrap(error) instanceof UpstreamTimeoutException;
                UpstreamException e = Failures.connect(send.key(), error);
                fail(send, e, noFreeConnection ? ExchangeEvent.Failure.POOL_TIMEOUT : ExchangeEvent.Failure.of(e));
                return;
            }
            try {
                ch.eventLoop().execute(() -> whenReady(UpstreamConnection.of(ch), send, mayRetry));
            } catch (RejectedExecutionException e) {
                UpstreamConnection.of(ch).releaseUnused();
                fail(send, Failures.connect(send.key(), e));
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
                fail(send, Failures.connect(send.key(), ready.cause()));
            } else if (!connection.channel().isActive()) {
                connection.releaseUnused();
                if (mayRetry && connection.reused()) {
                    attempt(send, false);
                } else {
                    fail(send, new UpstreamConnectException(send.key() + ": the connection closed before the request was sent", null));
                }
            } else {
                exchange(connection, send, mayRetry);
            }
        });
    }

    /** On the channel's event loop: sends the request, then hands the response (or a retry) to the result. */
    private void exchange(UpstreamConnection connection, Send send, boolean mayRetry) {
        boolean reused = connection.reused();
        UpstreamExchange exchange = new UpstreamExchange(send.method(), send.uri(), send.readTimeout(), this::received);
        connection.start(exchange, newRequest(send));
        exchange.head().whenComplete((response, e) -> {
            if (e == null) {
                tell(send.event(response.status(), null));
                if (!send.result().complete(response)) {
                    response.close();
                }
            } else if (mayRetry && reused && !exchange.anythingReceived() && isIdempotent(send.method())
                    && e instanceof UpstreamConnectException) {
                LOG.debug("{}: pooled connection was closed by the peer; retrying on another", send.key());
                attempt(send, false);
            } else {
                fail(send, Failures.connect(send.key(), e));
            }
        });
    }

    private void fail(Send send, UpstreamException e) {
        fail(send, e, ExchangeEvent.Failure.of(e));
    }

    private void fail(Send send, UpstreamException e, ExchangeEvent.Failure kind) {
        tell(send.event(0, kind));
        send.result().completeExceptionally(e);
    }

    private void received(int bytes) {
        try {
            listener.received(bytes);
        } catch (RuntimeException e) {
            LOG.warn("upstream listener failed on {} received bytes", bytes, e);
        }
    }

    /** A failing listener is a bug to log, never a reason to fail the request. */
    private void tell(ExchangeEvent event) {
        try {
            listener.exchanged(event);
        } catch (RuntimeException e) {
            LOG.warn("upstream listener failed on {}", event, e);
        }
    }

    /** The request as sent: caller headers after Host and User-Agent, each value of a name on a line of its own. */
    private FullHttpRequest newRequest(Send send) {
        URI uri = send.uri();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, send.method(), target, Unpooled.EMPTY_BUFFER);
        HttpHeaders h = request.headers();
        h.set(HttpHeaderNames.HOST, send.key().authority());
        h.set(HttpHeaderNames.USER_AGENT, userAgent);
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
    private record Send(HttpMethod method, URI uri, HostKey key, HttpHeaders headers, Purpose purpose,
                        Duration readTimeout, long startNanos, CompletableFuture<UpstreamResponse> result) {
        ExchangeEvent event(int status, ExchangeEvent.Failure failure) {
            return new ExchangeEvent(key.toString(), method, purpose, status, failure,
                    Duration.ofNanos(System.nanoTime() - startNanos));
        }
    }
}
