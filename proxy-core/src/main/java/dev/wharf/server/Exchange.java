package dev.wharf.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
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

/**
 * One request and its response on a server channel. A handler answers it exactly once: with
 * {@link #respond} for small, complete bodies, or {@link #sendHead} followed by body writes and
 * {@link #finish}; {@link #abort} closes the connection mid-response so the client sees a failed
 * transfer. Use only on the channel's event loop.
 */
public final class Exchange {
    /** The cache outcome of the request on the channel, read by the access log. */
    public static final AttributeKey<CacheStatus> CACHE_STATUS = AttributeKey.valueOf("wharf.cacheStatus");
    /** The repository key of the request on the channel, read by the access log and metrics; null if not described. */
    public static final AttributeKey<String> REPOSITORY = AttributeKey.valueOf("wharf.repository");
    /** The repository format of the request on the channel, read by the access log and metrics; null if not described. */
    public static final AttributeKey<String> FORMAT = AttributeKey.valueOf("wharf.format");

    private final ChannelHandlerContext ctx;
    private final HttpRequest request;
    private final QueryStringDecoder uri;
    private final Runnable onDone;
    private boolean headSent;
    private boolean done;

    Exchange(ChannelHandlerContext ctx, HttpRequest request, QueryStringDecoder uri, Runnable onDone) {
        this.ctx = ctx;
        this.request = request;
        this.uri = uri;
        this.onDone = onDone;
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

    /** The decoded path, without the query string. */
    public String path() {
        return uri.path();
    }

    /** The path exactly as sent (still percent-encoded), without the query string. */
    public String rawPath() {
        return RouterHandler.rawPath(request.uri());
    }

    /** The first value of a query parameter. */
    public Optional<String> query(String name) {
        List<String> values = uri.parameters().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public HttpHeaders requestHeaders() {
        return request.headers();
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
     * Sends a complete response. Takes ownership of {@code body}. For a HEAD request the
     * Content-Length stays that of the body, but no body is sent.
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
            if (!response.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
                HttpUtil.setContentLength(response, body.readableBytes());
            }
            body.release();
        } else {
            response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
            response.headers().set(headers);
            HttpUtil.setContentLength(response, body.readableBytes());
        }
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
        if (!response.headers().contains(HttpHeaderNames.CONTENT_LENGTH) && !isHead()) {
            HttpUtil.setTransferEncodingChunked(response, true);
        }
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
        onDone.run();
    }

    private void writeLast(ChannelFuture future) {
        done = true;
        future.addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                f.channel().close();
            }
            onDone.run();
        });
    }
}
