package dev.wharf.go;

import dev.wharf.codec.go.ProxyRequest;
import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.server.Exchange;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Optional;

/** Reads a repository path as a GOPROXY request, answering 404 or 400 itself when it is none or a bad one. */
final class GoRequests {
    private GoRequests() {
    }

    /** The request, or empty once the exchange was answered. */
    static Optional<ProxyRequest> parse(Exchange exchange, RepositoryPath path) {
        try {
            Optional<ProxyRequest> request = ProxyRequest.parse(path.path());
            if (request.isEmpty()) {
                exchange.error(HttpResponseStatus.NOT_FOUND, "not a GOPROXY path: " + path.path()
                        + " (expected <module>/@v/list, <module>/@latest or <module>/@v/<version>.info|.mod|.zip)");
            }
            return request;
        } catch (IllegalArgumentException e) {
            exchange.error(HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return Optional.empty();
        }
    }

    /** A sub-path of the same repository. */
    static RepositoryPath path(String key, String within) {
        return RepositoryPath.parse(RepositoryPath.PREFIX + key + "/" + within);
    }
}
