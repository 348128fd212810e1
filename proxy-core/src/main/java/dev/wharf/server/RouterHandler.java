package dev.wharf.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last inbound handler: hands each request to the handler of its URL space, one request at a time
 * per connection. Reading is driven by demand (auto-read is off, a {@code FlowControlHandler} sits
 * after the codec): the next request is read only after the response to this one was written, so
 * pipelined requests never interleave responses. Request bodies are read and discarded while the
 * handler works (the read-only API has none); the next request is read once both the response and the
 * request are complete.
 */
public final class RouterHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(RouterHandler.class);

    /** A URL space: requests whose path equals {@code path} or starts with {@code path + "/"}. */
    public record Route(String path, RequestHandler handler) {
        boolean matches(String requestPath) {
            return requestPath.equals(path) || requestPath.startsWith(path + "/");
        }
    }

    private final List<Route> routes;
    private final AtomicInteger inFlight;
    private boolean requestBodyDone = true;
    private boolean responseDone = true;
    /** A read() was issued and not yet answered by a message or a read-complete. */
    private boolean readPending;

    /** @param inFlight counts requests whose response is not finished yet, across connections (for shutdown) */
    public RouterHandler(List<Route> routes, AtomicInteger inFlight) {
        this.routes = List.copyOf(routes);
        this.inFlight = inFlight;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        demand(ctx);
        ctx.fireChannelActive();
    }

    /**
     * Asks for one more message, keeping at most one read outstanding so that exactly one message
     * answers it. A FlowControlHandler counts a read-complete as an answer too, hence the re-demand there.
     */
    private void demand(ChannelHandlerContext ctx) {
        if (!readPending) {
            readPending = true;
            ctx.read();
        }
    }

    /** True unless the request is complete and its response is still being written. */
    private boolean wantsInput() {
        return !requestBodyDone || responseDone;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        readPending = false;
        if (wantsInput()) {
            demand(ctx);
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        readPending = false;
        if (msg instanceof HttpRequest request) {
            onRequest(ctx, request);
        }
        if (msg instanceof HttpContent) {
            boolean last = msg instanceof LastHttpContent;
            ReferenceCountUtil.release(msg);
            if (last) {
                requestBodyDone = true;
            }
            if (wantsInput()) {
                demand(ctx);
            }
        } else if (!(msg instanceof HttpRequest)) {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(ChannelHandlerContext ctx, HttpRequest request) {
        requestBodyDone = false;
        responseDone = false;
        inFlight.incrementAndGet();
        if (request.decoderResult().isFailure()) {
            Exchange exchange = new Exchange(ctx, request, new QueryStringDecoder("/"), () -> onResponseDone(ctx));
            DefaultHttpHeaders headers = new DefaultHttpHeaders();
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            exchange.respond(HttpResponseStatus.BAD_REQUEST, headers, "text/plain; charset=utf-8",
                    "bad request: " + request.decoderResult().cause().getMessage() + "\n");
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        Exchange exchange = new Exchange(ctx, request, uri, () -> onResponseDone(ctx));
        String path = rawPath(request.uri());
        if (!(request instanceof LastHttpContent)) {
            // Pull the rest of the request (for a GET, its empty last content) so the connection can be reused.
            demand(ctx);
        }
        try {
            for (Route route : routes) {
                if (route.matches(path)) {
                    route.handler().handle(exchange);
                    return;
                }
            }
            exchange.respond(HttpResponseStatus.NOT_FOUND, new DefaultHttpHeaders(), "text/plain; charset=utf-8",
                    "not found: " + path + "\n");
        } catch (RuntimeException e) {
            LOG.error("handler failed for {} {}", request.method(), path, e);
            if (!exchange.headSent()) {
                exchange.respond(HttpResponseStatus.INTERNAL_SERVER_ERROR, new DefaultHttpHeaders(),
                        "text/plain; charset=utf-8", "internal error\n");
            } else {
                exchange.abort();
            }
        }
    }

    private void onResponseDone(ChannelHandlerContext ctx) {
        if (responseDone) {
            return;
        }
        responseDone = true;
        inFlight.decrementAndGet();
        if (!ctx.channel().isActive()) {
            return;
        }
        if (requestBodyDone) {
            demand(ctx);
        }
        // Otherwise the rest of the request is still being read and discarded; its last part reads on.
    }

    /** The path as sent, without query: handlers validate it themselves (no decoding here). */
    static String rawPath(String uri) {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        int hash = path.indexOf('#');
        return hash < 0 ? path : path.substring(0, hash);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
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
