package dev.wharf.format;

import dev.wharf.auth.AccessControl;
import dev.wharf.auth.AuthenticationException;
import dev.wharf.auth.Caller;
import dev.wharf.auth.Challenges;
import dev.wharf.codec.Printable;
import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.codec.repository.RepositoryPathException;
import dev.wharf.server.ErrorResponses;
import dev.wharf.server.Exchange;
import dev.wharf.server.RequestHandler;
import dev.wharf.storage.Futures;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;

/**
 * {@code /repository/<key>/...}: checks the path ({@link RepositoryPath}: no traversal, nothing reaching
 * outside the repository), checks access, and hands the request to the handler of the repository with that key,
 * whatever its format. Errors of a known repository are answered in its format's way.
 *
 * <p>Access is the same for every format: reads ({@code GET} and {@code HEAD}, and what a format declares read-only
 * through {@link RepositoryHandler#reads}) need {@code read} on the repository (or anonymous reads allowed there),
 * every other request {@code write} on the repository written to (a virtual's {@code deployTo}). Without a token a refusal is a 401 with a Basic challenge; with a token that may not read the
 * repository it answers as if it did not exist (404), and with one that may read but not write, 403.
 */
public final class RepositoryRouter implements RequestHandler {
    /** The route this handler serves. */
    public static final String ROUTE = "/repository";

    /**
     * A repository's handler, the id of its format (for the access log and metrics), and the key of the repository
     * its writes land in (its own, or a virtual's {@code deployTo}).
     */
    public record Mounted(String format, RepositoryHandler handler, String writeKey) {
    }

    private final Map<String, Mounted> repositories;
    private final AccessControl access;

    public RepositoryRouter(Map<String, Mounted> repositories, AccessControl access) {
        this.repositories = Map.copyOf(repositories);
        this.access = access;
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
        exchange.when(access.authenticate(exchange), (caller, error) -> {
            if (error != null) {
                if (Futures.unwrap(error) instanceof AuthenticationException failure) {
                    exchange.error(Challenges.of(exchange, failure), failure.getMessage());
                    return;
                }
                throw new IllegalStateException("verifying the token failed", Futures.unwrap(error));
            }
            if (admitted(exchange, caller, path, mounted)) {
                mounted.handler().handle(exchange, path);
            }
        });
    }

    /** True when the caller may go on; otherwise answers the refusal. */
    private boolean admitted(Exchange exchange, Caller caller, RepositoryPath path, Mounted mounted) {
        String key = path.key();
        boolean mayRead = access.mayRead(caller, key);
        boolean reads = mounted.handler().reads(exchange, path);
        if (reads ? mayRead : access.mayWrite(caller, mounted.writeKey())) {
            return true;
        }
        if (caller.anonymous()) {
            exchange.error(Challenges.basic(exchange), reads
                    ? "authentication required to read repository " + key
                    : "authentication required to write to repository " + mounted.writeKey()
                            + " (send a token with write permission: HTTP Basic with the token as password, or Bearer)");
        } else if (!mayRead) {
            exchange.error(HttpResponseStatus.NOT_FOUND, "no repository " + Printable.of(key));
        } else {
            exchange.error(HttpResponseStatus.FORBIDDEN, "token " + caller.name() + " may not write to repository "
                    + mounted.writeKey());
        }
        return false;
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
