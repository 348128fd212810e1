package dev.wharf.format;

import dev.wharf.codec.Printable;
import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.codec.repository.RepositoryPathException;
import dev.wharf.server.ErrorResponses;
import dev.wharf.server.Exchange;
import dev.wharf.server.RequestHandler;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;

/**
 * {@code /repository/<key>/...}: checks the path ({@link RepositoryPath}: no traversal, nothing reaching
 * outside the repository) and hands the request to the handler of the repository with that key, whatever
 * its format. Errors of a known repository are answered in its format's way.
 */
public final class RepositoryRouter implements RequestHandler {
    /** The route this handler serves. */
    public static final String ROUTE = "/repository";

    /** A repository's handler and the id of its format, for the access log and metrics. */
    public record Mounted(String format, RepositoryHandler handler) {
    }

    private final Map<String, Mounted> repositories;

    public RepositoryRouter(Map<String, Mounted> repositories) {
        this.repositories = Map.copyOf(repositories);
    }

    @Override
    public void handle(Exchange exchange) {
        Mounted known = mounted(exchange.rawPath());
        RepositoryPath path;
        try {
            path = RepositoryPath.parse(known == null ? exchange.rawPath() : known.handler().rawPath(exchange.rawPath()));
        } catch (RepositoryPathException e) {
            exchange.error(exchange.rawPath().startsWith(RepositoryPath.PREFIX) ? HttpResponseStatus.BAD_REQUEST
                    : HttpResponseStatus.NOT_FOUND, e.getMessage());
            return;
        }
        Mounted mounted = repositories.get(path.key());
        if (mounted == null) {
            exchange.error(HttpResponseStatus.NOT_FOUND, "no repository " + Printable.of(path.key()));
            return;
        }
        exchange.describe(path.key(), mounted.format());
        mounted.handler().handle(exchange, path);
    }

    @Override
    public void error(Exchange exchange, HttpResponseStatus status, String message) {
        Mounted mounted = mounted(exchange.rawPath());
        if (mounted != null) {
            mounted.handler().error(exchange, status, message);
            return;
        }
        ErrorResponses.json(exchange, status, message);
    }

    /** The repository a raw path names by its first segment, or null. */
    private Mounted mounted(String raw) {
        if (!raw.startsWith(RepositoryPath.PREFIX)) {
            return null;
        }
        String rest = raw.substring(RepositoryPath.PREFIX.length());
        int slash = rest.indexOf('/');
        return repositories.get(slash < 0 ? rest : rest.substring(0, slash));
    }
}
