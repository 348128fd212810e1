package dev.wharf.format;

import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.server.ErrorResponses;
import dev.wharf.server.Exchange;
import io.netty.handler.codec.http.HttpResponseStatus;

/** Serves one repository under {@code /repository/<key>/}; the {@link RepositoryRouter} picks it by key. */
public interface RepositoryHandler {
    /**
     * Handles a request for {@code path} (already checked to stay inside the repository); must eventually
     * complete the exchange. Called on the channel's event loop; must not block.
     */
    void handle(Exchange exchange, RepositoryPath path);

    /**
     * The raw request path as this repository reads it, before it is checked and parsed into a
     * {@link RepositoryPath}: as sent by default. A format whose names carry an encoded slash turns it into a
     * segment separator here, so that the checks apply to each part.
     */
    default String rawPath(String rawPath) {
        return rawPath;
    }

    /**
     * Whether the request only reads, so that {@code read} permission admits it; otherwise it needs {@code write}
     * on the repository written to. By default {@code GET} and {@code HEAD}; a format with read-only {@code POST}s
     * (npm's audit) says so here.
     */
    default boolean reads(Exchange exchange, RepositoryPath path) {
        return exchange.isRead();
    }

    /** Answers an error in the format's own way; by default {@link ErrorResponses#json}. */
    default void error(Exchange exchange, HttpResponseStatus status, String message) {
        ErrorResponses.json(exchange, status, message);
    }
}
