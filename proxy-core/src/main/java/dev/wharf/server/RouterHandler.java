package dev.wharf.server;

import dev.wharf.storage.ByteSource;
import dev.wharf.storage.PushedByteSource;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last inbound handler: hands each request to the handler of its URL space, one request at a time
 * per connection. Reading is driven by demand (auto-read is off, a {@code FlowControlHandler} sits after
 * the codec): the next request is read only after the response to this one was written, so pipelined
 * requests never interleave responses.
 *
 * <p>A request body is read only once its handler takes it ({@link Exchange#requestBody}), at the pace the
 * handler pulls it; {@code Expect: 100-continue} is answered then, not before, so a handler can refuse an
 * upload without the client sending it. A body the handler did not read is discarded after the response
 * when it is small; otherwise (chunked, over {@value #DISCARD_LIMIT} bytes, or a client waiting for
 * 100-continue) the response carries {@code Connection: close}. Requests in absolute form
 * ({@code GET http://host/v2/}) are served by their path; HTTP versions other than 1.0 and 1.1 get 505, a
 * malformed request or body 400, and the connection then closes.
 */
public final class RouterHandler extends ChannelInboundHandlerAdapter implements Exchange.Connection {
    private static final Logger LOG = LoggerFactory.getLogger(RouterHandler.class);
    /** Largest unread request body drained to keep the connection; a larger one closes it instead. */
    static final long DISCARD_LIMIT = 1 << 20;
    private static final RequestHandler NOT_FOUND = exchange ->
            exchange.error(HttpResponseStatus.NOT_FOUND, "not found: " + exchange.path());

    /** A URL space: requests whose path equals {@code path} or starts with {@code path + "/"}. */
    public record Route(String path, RequestHandler handler) {
        boolean matches(String requestPath) {
            return requestPath.equals(path) || requestPath.startsWith(path + "/");
        }
    }

    /** What becomes of the current request's body. */
    private enum Body {
        /** None follows but the decoder's empty last part, which is read at once. */
        NONE,
        /** Not read yet: the handler may still take it. */
        PENDING,
        /** Taken by the handler, read as it pulls. */
        STREAMING,
        /** Read and dropped. */
        DISCARDING
    }

    private final List<Route> routes;
    private final AtomicInteger inFlight;
    private ChannelHandlerContext ctx;
    private Exchange exchange;
    private HttpRequest request;
    private Body body = Body.NONE;
    private PushedByteSource stream;
    private long bodyLimit;
    private long bodyBytesSeen;
    private boolean requestDone = true;
    private boolean responseDone = true;
    private boolean closeAfterResponse;
    /** A read() was issued and not yet answered by a message or a read-complete. */
    private boolean readPending;

    /** @param inFlight counts requests whose response is not finished yet, across connections (for shutdown) */
    public RouterHandler(List<Route> routes, AtomicInteger inFlight) {
        this.routes = List.copyOf(routes);
        this.inFlight = inFlight;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        demand();
        ctx.fireChannelActive();
    }

    /** True while a request waits for its handler's answer (nothing to read, nothing written yet). */
    public boolean awaitingResponse() {
        return !responseDone && exchange != null && !exchange.headSent()
                && (requestDone || body == Body.PENDING);
    }

    /**
     * Asks for one more message, keeping at most one read outstanding so that exactly one message
     * answers it. A FlowControlHandler counts a read-complete as an answer too, hence the re-demand there.
     */
    private void demand() {
        if (!readPending && ctx.channel().isActive()) {
            readPending = true;
            ctx.read();
        }
    }

    /** True when the router itself wants the next message; a streaming body asks on its own. */
    private boolean wantsInput() {
        if (!requestDone) {
            return body == Body.NONE || body == Body.DISCARDING;
        }
        return responseDone && !closeAfterResponse;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        boolean wasPending = readPending;
        readPending = false;
        if (wantsInput() || (wasPending && body == Body.STREAMING && !requestDone)) {
            demand();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        readPending = false;
        if (msg instanceof HttpRequest r) {
            onRequest(r);
            if (msg instanceof LastHttpContent) {
                // A request the decoder produced whole: one it could not parse, which has no body.
                ReferenceCountUtil.release(msg);
                requestDone = true;
                if (responseDone) {
                    onExchangeOver();
                }
            }
        } else if (msg instanceof HttpContent content) {
            onContent(content);
        } else {
            ReferenceCountUtil.release(msg);
        }
        if (wantsInput()) {
            demand();
        }
    }

    private void onRequest(HttpRequest r) {
        request = r;
        requestDone = false;
        responseDone = false;
        closeAfterResponse = false;
        bodyBytesSeen = 0;
        stream = null;
        inFlight.incrementAndGet();
        String target = originForm(r.uri());
        RequestHandler handler = route(Exchange.rawPath(target));
        exchange = new Exchange(ctx, r, target, handler, this);
        boolean chunked = HttpUtil.isTransferEncodingChunked(r);
        body = !(r instanceof LastHttpContent) && (chunked || HttpUtil.getContentLength(r, 0L) > 0)
                ? Body.PENDING : Body.NONE;
        if (r.decoderResult().isFailure()) {
            closeAfterResponse = true;
            exchange.error(HttpResponseStatus.BAD_REQUEST, "bad request: " + r.decoderResult().cause().getMessage());
            return;
        }
        HttpVersion version = r.protocolVersion();
        if (version.majorVersion() != 1 || version.minorVersion() > 1) {
            closeAfterResponse = true;
            exchange.error(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED,
                    version.text() + " is not supported (expected HTTP/1.1 or HTTP/1.0)");
            return;
        }
        try {
            handler.handle(exchange);
        } catch (RuntimeException e) {
            exchange.fail(e);
        }
    }

    private RequestHandler route(String path) {
        for (Route route : routes) {
            if (route.matches(path)) {
                return route.handler();
            }
        }
        return NOT_FOUND;
    }

    /** Takes ownership of {@code content}. */
    private void onContent(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (content.decoderResult().isFailure()) {
            content.release();
            onMalformedBody(content.decoderResult().cause());
            return;
        }
        bodyBytesSeen += content.content().readableBytes();
        if (last) {
            requestDone = true;
        }
        if (body == Body.STREAMING && stream != null) {
            if (bodyBytesSeen > bodyLimit) {
                content.release();
                stream.fail(new RequestBodyTooLargeException(bodyLimit));
            } else {
                stream.push(content.content(), last);
            }
        } else {
            content.release();
        }
        if (last && responseDone) {
            onExchangeOver();
        }
    }

    /** The decoder gives up on the rest of the connection: answer 400 if still possible, then close. */
    private void onMalformedBody(Throwable cause) {
        requestDone = true;
        closeAfterResponse = true;
        String message = "malformed request body: " + (cause == null ? "unreadable" : cause.getMessage());
        if (body == Body.STREAMING && stream != null) {
            stream.fail(new MalformedRequestBodyException(message));
        } else if (exchange != null && !exchange.isDone() && !exchange.headSent()) {
            exchange.error(HttpResponseStatus.BAD_REQUEST, message);
        } else if (responseDone) {
            ctx.close();
        }
    }

    @Override
    public ByteSource takeBody(long limit) {
        if (stream != null) {
            throw new IllegalStateException("the request body was taken already");
        }
        bodyLimit = limit;
        stream = new PushedByteSource(ctx.channel().eventLoop(), "request body", this::demand, this::onBodyClosed);
        if (body == Body.PENDING) {
            body = Body.STREAMING;
            if (HttpUtil.is100ContinueExpected(request)) {
                ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                        Unpooled.EMPTY_BUFFER));
            }
        } else {
            // No body, or only its empty last part still to come: the handler sees an empty stream.
            stream.push(null, true);
        }
        return stream;
    }

    /** The handler closed the body before its end: the rest is dropped (or refused at the head). */
    private void onBodyClosed() {
        if (body == Body.STREAMING) {
            body = Body.DISCARDING;
            if (wantsInput()) {
                demand();
            }
        }
    }

    @Override
    public void beforeHead(HttpHeaders headers) {
        if (!requestDone && !canDrain()) {
            closeAfterResponse = true;
        }
        if (closeAfterResponse) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    /** True when the unread rest of the body is small enough, and certain to come, to read and drop it. */
    private boolean canDrain() {
        if (body == Body.NONE) {
            return true;
        }
        if (body == Body.PENDING && HttpUtil.is100ContinueExpected(request)) {
            return false;
        }
        long declared = HttpUtil.isTransferEncodingChunked(request) ? -1 : HttpUtil.getContentLength(request, -1L);
        return declared >= 0 && declared - bodyBytesSeen <= DISCARD_LIMIT;
    }

    @Override
    public void done() {
        if (responseDone) {
            return;
        }
        responseDone = true;
        inFlight.decrementAndGet();
        if (!ctx.channel().isActive()) {
            return;
        }
        if (closeAfterResponse) {
            ctx.channel().close();
            return;
        }
        if (requestDone) {
            onExchangeOver();
            return;
        }
        if (body == Body.STREAMING) {
            // Answered before the body was read to its end: drop the rest.
            stream.close();
        }
        body = Body.DISCARDING;
        demand();
    }

    /** Both the request and its response are complete: read the next request. */
    private void onExchangeOver() {
        exchange = null;
        request = null;
        stream = null;
        body = Body.NONE;
        if (closeAfterResponse) {
            ctx.channel().close();
        } else {
            demand();
        }
    }

    /** The request target in origin form: an absolute-form target ({@code http://host/path?q}) loses scheme and authority. */
    static String originForm(String uri) {
        int scheme = uri.regionMatches(true, 0, "http://", 0, 7) ? 7
                : uri.regionMatches(true, 0, "https://", 0, 8) ? 8 : -1;
        if (scheme < 0) {
            return uri;
        }
        int slash = uri.indexOf('/', scheme);
        int query = uri.indexOf('?', scheme);
        if (query >= 0 && (slash < 0 || query < slash)) {
            return "/" + uri.substring(query);
        }
        return slash < 0 ? "/" : uri.substring(slash);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (stream != null && body == Body.STREAMING && !requestDone) {
            stream.fail(new MalformedRequestBodyException("the client closed the connection before the end of the body"));
        }
        if (!responseDone) {
            responseDone = true;
            inFlight.decrementAndGet();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection error from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

}
