package dev.wharf.upstream;

/**
 * Told about every HTTP exchange an {@link Upstream} has with a server: each redirect hop and token request
 * counts as one, and about the body bytes that arrive. Called on an event loop, so it must be quick and never block.
 */
@FunctionalInterface
public interface UpstreamListener {
    /** Listens to nothing. */
    UpstreamListener NONE = event -> { };

    /** One exchange ended: its response head arrived, or it failed before that. */
    void exchanged(ExchangeEvent event);

    /** {@code bytes} more response body bytes arrived (of any exchange, before the consumer reads them). */
    default void received(int bytes) {
    }
}
