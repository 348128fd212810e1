package dev.wharf.server;

/** Serves one kind of request (one URL space); the router picks it by path. */
@FunctionalInterface
public interface RequestHandler {
    /**
     * Handles the request; must eventually complete the exchange (respond, or abort it). Called on the
     * channel's event loop; must not block.
     */
    void handle(Exchange exchange);
}
