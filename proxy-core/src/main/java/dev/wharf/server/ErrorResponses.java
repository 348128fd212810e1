package dev.wharf.server;

import dev.wharf.codec.JsonStrings;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;

/** Errors outside any protocol's own format: a small JSON object with the status and a readable message. */
public final class ErrorResponses {
    private ErrorResponses() {
    }

    /** Answers {@code {"status": 404, "error": "Not Found", "message": "..."}}; aborts if the response already started. */
    public static void json(Exchange exchange, HttpResponseStatus status, String message) {
        json(exchange, status, new DefaultHttpHeaders(), message);
    }

    /** {@link #json(Exchange, HttpResponseStatus, String)} with {@code headers} (e.g. a 405's {@code Allow}). */
    public static void json(Exchange exchange, HttpResponseStatus status, HttpHeaders headers, String message) {
        if (exchange.isDone()) {
            return;
        }
        if (exchange.headSent()) {
            exchange.abort();
            return;
        }
        String body = "{\"status\":" + status.code() + ",\"error\":" + JsonStrings.quote(status.reasonPhrase())
                + ",\"message\":" + JsonStrings.quote(message) + "}\n";
        exchange.respond(status, headers, "application/json; charset=utf-8", body);
    }
}
