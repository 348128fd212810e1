package dev.wharf.cargo;

import dev.wharf.codec.Digest;
import dev.wharf.codec.JsonStrings;
import dev.wharf.server.Exchange;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;

/** How Cargo repositories answer: errors as Cargo reads them, computed documents with an ETag Cargo revalidates. */
final class CargoResponses {
    static final String JSON = "application/json; charset=utf-8";
    static final String INDEX = "text/plain; charset=utf-8";

    private CargoResponses() {
    }

    /** {@code {"errors":[{"detail":...}]}}, which cargo prints. */
    static void error(Exchange exchange, HttpResponseStatus status, String detail) {
        exchange.respond(status, new DefaultHttpHeaders(), JSON, "{\"errors\":[{\"detail\":" + JsonStrings.quote(detail) + "}]}\n");
    }

    /** A computed document, answered 304 when the client's {@code If-None-Match} names its digest. */
    static void document(Exchange exchange, String type, byte[] body) {
        String etag = "\"" + Digest.sha256Of(body) + "\"";
        HttpHeaders headers = new DefaultHttpHeaders().set(HttpHeaderNames.ETAG, etag).set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        if (etag.equals(exchange.requestHeaders().get(HttpHeaderNames.IF_NONE_MATCH))) {
            exchange.respond(HttpResponseStatus.NOT_MODIFIED, headers, Unpooled.EMPTY_BUFFER);
            return;
        }
        headers.set(HttpHeaderNames.CONTENT_TYPE, type);
        exchange.respond(HttpResponseStatus.OK, headers, Unpooled.wrappedBuffer(body));
    }

    /** {@code {"ok":true}} with an optional message, as the yank and owner endpoints answer. */
    static void ok(Exchange exchange, String message) {
        exchange.respond(HttpResponseStatus.OK, new DefaultHttpHeaders(), JSON,
                "{\"ok\":true" + (message == null ? "" : ",\"msg\":" + JsonStrings.quote(message)) + "}\n");
    }
}
