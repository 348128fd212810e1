package dev.wharf.server;

import dev.wharf.codec.Printable;
import dev.wharf.storage.ByteSource;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request and its response on a server channel. A handler answers it exactly once: with
 * {@link #respond} for small, complete bodies, or {@link #sendHead} followed by body writes and
 * {@link #finish}; {@link #abort} closes the connection mid-response so the client sees a failed
 * transfer. Asynchronous steps go through {@link #when}, which runs the step on the channel's event loop
 * and turns anything it throws into an answer, so no request is ever left unanswered. Use only on the
 * channel's event loop.
 */
public final class Exchange {
    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);
    /** The cache outcome of the request on the channel, read by the access log. */
    public static final AttributeKey<CacheStatus> CACHE_STATUS = AttributeKey.valueOf("wharf.cacheStatus");
    /** The repository key of the request on the channel, read by the access log and metrics; null if not described. */
    public static final AttributeKey<String> REPOSITORY = AttributeKey.valueOf("wharf.repository");
    /** The repository format of the request on the channel, read by the access log and metrics; null if not described. */
    public static final AttributeKey<String> FORMAT = AttributeKey.valueOf("wharf.format");

    /** What the exchange needs from the connection that carries it. */
    interface Connection {
        /** Hands the request body to the handler (once), with a byte limit. */
        ByteSource takeBody(long limit);

        /** The response head is about to go out: the connection may add {@code Connection: close}. */
        void beforeHead(HttpHeaders headers);

        /** The response is complete or abandoned. */
        void done();
    }

    private final ChannelHandlerContext ctx;
    private final HttpRequest request;
    private final String target;
    private final QueryStringDecoder uri;
    private final RequestHandler handler;
    private final Connection connection;
    private boolean headSent;
    private boolean done;
    /** Headers every response of this exchange carries besides its own (see addResponseHeader), or null. */
    private HttpHeaders extraHeaders;

    /**
     * @param target  the request target in origin form ({@code /path?query}), the absolute form already reduced
     * @param handler the handler of the URL space, whose error format failures are answered in
     */
    Exchange(ChannelHandlerContext ctx, HttpRequest request, String target, RequestHandler handler, Connection connection) {
        this.ctx = ctx;
        this.request = request;
        this.target = target;
        this.uri = new QueryStringDecoder(target);
        this.handler = handler;
        this.connection = connection;
        ctx.channel().attr(CACHE_STATUS).set(CacheStatus.NONE);
        ctx.channel().attr(REPOSITORY).set(null);
        ctx.channel().attr(FORMAT).set(null);
    }

    public ChannelHandlerContext ctx() {
        return ctx;
    }

    public HttpRequest request() {
        return request;
    }

    public HttpMethod method() {
        return request.method();
    }

    public boolean isHead() {
        return HttpMethod.HEAD.equals(request.method());
    }

    /** True for GET and HEAD. */
    public boolean isRead() {
        return isHead() || HttpMethod.GET.equals(request.method());
    }

    /** The decoded path, without the query string. */
    public String path() {
        return uri.path();
    }

    /** The path exactly as sent (still percent-encoded), without the query string. */
    public String rawPath() {
        return rawPath(target);
    }

    /** The first value of a query parameter. */
    public Optional<String> query(String name) {
        List<String> values = uri.parameters().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Every value of a query parameter, in request order; empty when it is absent. */
    public List<String> queryValues(String name) {
        List<String> values = uri.parameters().get(name);
        return values == null ? List.of() : List.copyOf(values);
    }

    /** True when the request carries a query parameter of that name, with or without a value. */
    public boolean hasQuery(String name) {
        return uri.parameters().containsKey(name);
    }

    public HttpHeaders requestHeaders() {
        return request.headers();
    }

    /** Every value of a request header, across repeated header lines and comma-separated lists. */
    public List<String> headerValues(CharSequence name) {
        return request.headers().getAll(name);
    }

    /** The declared body length, or -1 when the body is chunked or has no length. */
    public long declaredBodyLength() {
        return HttpUtil.isTransferEncodingChunked(request) ? -1 : HttpUtil.getContentLength(request, -1L);
    }

    /**
     * The request body, streamed with backpressure (the socket is read as the consumer pulls); answers
     * {@code Expect: 100-continue} first. May be called once. Failures of the stream:
     * {@link RequestBodyTooLargeException} past {@code limit} bytes, {@link MalformedRequestBodyException}.
     */
    public ByteSource requestBody(long limit) {
        return connection.takeBody(limit);
    }

    /** True when the connection is TLS: file regions cannot be written, bodies must be streamed. */
    public boolean isSecure() {
        return ctx.pipeline().get(SslHandler.class) != null;
    }

    /** Records how the request was served, for the access log. */
    public void cacheStatus(CacheStatus status) {
        ctx.channel().attr(CACHE_STATUS).set(status);
    }

    /** Records which repository (key) and format serve the request, for the metrics. */
    public void describe(String repository, String format) {
        ctx.channel().attr(REPOSITORY).set(repository);
        ctx.channel().attr(FORMAT).set(format);
    }

    /** True once the response head went out. */
    public boolean headSent() {
        return headSent;
    }

    /** True once the exchange finished or was aborted. */
    public boolean isDone() {
        return done;
    }

    /**
     * Runs {@code step} on the channel's event loop once {@code future} completes. Whatever the step throws
     * is answered as a failure ({@link #fail}), so an exception in a callback never leaves the request
     * unanswered.
     */
    public <T> void when(CompletableFuture<T> future, BiConsumer<? super T, ? super Throwable> step) {
        if (future.isDone() && !future.isCompletedExceptionally() && ctx.executor().inEventLoop()) {
            // Most cache hits complete at once: run the step now, without a completion stage per call.
            run(step, future.getNow(null), null);
            return;
        }
        future.whenComplete((value, error) -> {
            if (ctx.executor().inEventLoop()) {
                run(step, value, error);
            } else {
                try {
                    ctx.executor().execute(() -> run(step, value, error));
                } catch (RejectedExecutionException e) {
                    // The event loop is shut down: so is the connection.
                }
            }
        });
    }

    private <T> void run(BiConsumer<? super T, ? super Throwable> step, T value, Throwable error) {
        try {
            step.accept(value, error);
        } catch (Throwable t) {
            fail(t);
        }
    }

    /**
     * Answers a failure no step handled: logged, then a 500 in the URL space's error format, or an aborted
     * transfer once the head went out.
     */
    public void fail(Throwable cause) {
        LOG.error("failed serving {} {}", request.method(), Printable.of(target), cause);
        if (done) {
            return;
        }
        if (headSent) {
            abort();
        } else {
            error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error");
        }
    }

    /**
     * Adds a header to the response this exchange sends, whoever renders it (an error in the URL space's own
     * format included): an authentication challenge, a {@code Retry-After}.
     */
    public void addResponseHeader(CharSequence name, Object value) {
        if (extraHeaders == null) {
            extraHeaders = new DefaultHttpHeaders();
        }
        extraHeaders.add(name, value);
    }

    private void addExtraHeaders(HttpHeaders headers) {
        if (extraHeaders != null) {
            headers.add(extraHeaders);
        }
    }

    /** Answers an error in the URL space's own format. */
    public void error(HttpResponseStatus status, String message) {
        handler.error(this, status, message);
    }

    /**
     * Sends a complete response. Takes ownership of {@code body}. For a HEAD request the
     * Content-Length stays that of the body, unless the headers set one (or a chunked encoding) already,
     * but no body is sent.
     */
    public void respond(HttpResponseStatus status, HttpHeaders headers, ByteBuf body) {
        if (done || headSent) {
            body.release();
            throw new IllegalStateException("response already started");
        }
        headSent = true;
        FullHttpResponse response;
        if (isHead()) {
            response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
            response.headers().set(headers);
            addExtraHeaders(response.headers());
            if (!response.headers().contains(HttpHeaderNames.CONTENT_LENGTH) && !HttpUtil.isTransferEncodingChunked(response)) {
                HttpUtil.setContentLength(response, body.readableBytes());
            }
            body.release();
        } else {
            response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
            response.headers().set(headers);
            addExtraHeaders(response.headers());
            response.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
            if (status.code() == 204 || status.code() == 304) {
                // Neither carries a body, nor (204) may it say it has one.
                response.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
            } else {
                HttpUtil.setContentLength(response, body.readableBytes());
            }
        }
        connection.beforeHead(response.headers());
        writeLast(ctx.writeAndFlush(response));
    }

    /** Sends a complete response with a UTF-8 text body of the given content type. */
    public void respond(HttpResponseStatus status, HttpHeaders headers, String contentType, String body) {
        headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        respond(status, headers, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    }

    /**
     * Sends the response head of a streamed body; the caller then writes the body and calls
     * {@link #finish}. Without a Content-Length the body is sent chunked.
     */
    public ChannelFuture sendHead(HttpResponseStatus status, HttpHeaders headers) {
        if (done || headSent) {
            throw new IllegalStateException("response already started");
        }
        headSent = true;
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
        response.headers().set(headers);
        addExtraHeaders(response.headers());
        if (!response.headers().contains(HttpHeaderNames.CONTENT_LENGTH) && !isHead()) {
            HttpUtil.setTransferEncodingChunked(response, true);
        }
        connection.beforeHead(response.headers());
        return ctx.writeAndFlush(response);
    }

    /** Ends a streamed response after its body was written. */
    public void finish() {
        if (done) {
            return;
        }
        writeLast(ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
    }

    /**
     * Closes the connection without completing the response: the client sees fewer bytes than
     * declared (or a chunked body without its end) and knows the transfer failed.
     */
    public void abort() {
        if (done) {
            return;
        }
        done = true;
        ctx.channel().close();
        connection.done();
    }

    private void writeLast(ChannelFuture future) {
        done = true;
        future.addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                f.channel().close();
            }
            connection.done();
        });
    }

    /** The path of a request target as sent, without query or fragment: handlers validate it themselves. */
    static String rawPath(String target) {
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        int hash = path.indexOf('#');
        return hash < 0 ? path : path.substring(0, hash);
    }
}
