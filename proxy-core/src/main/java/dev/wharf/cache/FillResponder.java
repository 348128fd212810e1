package dev.wharf.cache;

import dev.wharf.server.BodySender;
import dev.wharf.server.Exchange;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;

/** Answers a request with a running {@link Fill}: its head once known, then its body as it is verified. */
public final class FillResponder {
    private FillResponder() {
    }

    /**
     * Follows {@code fill} from its first byte once its head is known: {@code headers} should carry the
     * content type; the length is the fill's (chunked when the upstream gave none). A HEAD gets the head only.
     */
    public static void follow(Exchange exchange, Fill fill, HttpHeaders headers, FailureHandler onFailure) {
        exchange.when(fill.head(), (head, err) -> {
            if (err != null) {
                onFailure.fail(exchange, err);
                return;
            }
            if (head.declaredSize() >= 0) {
                headers.set(HttpHeaderNames.CONTENT_LENGTH, head.declaredSize());
            } else {
                headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
            if (head.contentType() != null && !headers.contains(HttpHeaderNames.CONTENT_TYPE)) {
                headers.set(HttpHeaderNames.CONTENT_TYPE, head.contentType());
            }
            if (exchange.isHead()) {
                exchange.respond(HttpResponseStatus.OK, headers, Unpooled.EMPTY_BUFFER);
                return;
            }
            exchange.sendHead(HttpResponseStatus.OK, headers);
            BodySender.sendAndFinish(exchange, fill.tail(0, -1, exchange.ctx().executor()));
        });
    }

    /** Answers a failure in the format's own way. */
    @FunctionalInterface
    public interface FailureHandler {
        void fail(Exchange exchange, Throwable failure);
    }
}
