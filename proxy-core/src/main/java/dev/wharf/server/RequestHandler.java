package dev.wharf.server;

import io.netty.handler.codec.http.HttpResponseStatus;

/** Serves one kind of request (one URL space); the router picks it by path. */
public interface RequestHandler {
    /**
     * Handles the request; must eventually complete the exchange (respond, or abort it). Called on the
     * channel's event loop; must not block.
     */
    void handle(Exchange exchange);

    /**
     * Answers an error in this URL space's own format. The router calls it for requests it refuses before
     * the handler sees them (a malformed request, an unsupported HTTP version, a bad body) and the exchange
     * for failures no callback handled. The default is {@link ErrorResponses#json}.
     */
    default void error(Exchange exchange, HttpResponseStatus status, String message) {
        ErrorResponses.json(exchange, status, message);
    }
}
