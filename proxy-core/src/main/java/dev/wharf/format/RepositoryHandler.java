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

    /** Answers an error in the format's own way; by default {@link ErrorResponses#json}. */
    default void error(Exchange exchange, HttpResponseStatus status, String message) {
        ErrorResponses.json(exchange, status, message);
    }
}
