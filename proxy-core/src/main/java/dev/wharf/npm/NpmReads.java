package dev.wharf.npm;

import dev.wharf.codec.npm.NpmPath;
import dev.wharf.codec.npm.NpmRequest;
import dev.wharf.codec.npm.Packuments;
import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.format.FileServer;
import dev.wharf.server.Exchange;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The reads every npm repository answers alike, over what it has: packuments, tarballs, the dist-tags of a
 * package; and the registry endpoints Wharf does not implement ({@code npm audit}'s advisories, search, login),
 * answered 404 at once so that no client waits for them, with {@code /-/ping} answered 200.
 */
final class NpmReads {
    private final FileServer server;
    private final PackumentResponder packuments;

    NpmReads(FileServer server, PackumentResponder packuments) {
        this.server = server;
        this.packuments = packuments;
    }

    /** The request a path makes; throws {@code NpmPathException}. */
    NpmRequest parse(RepositoryPath path) {
        return NpmPath.parse(path.segments());
    }

    /** Serves a GET or HEAD of {@code repository}'s packuments, tarballs and dist-tags; false for anything else. */
    boolean serve(Exchange exchange, RepositoryPath path, NpmRequest request, NpmRepository repository) {
        if (request instanceof NpmRequest.Packument p) {
            packuments.respond(exchange, repository.key(), p.name(), repository.packument(p.name()));
        } else if (request instanceof NpmRequest.Tarball t) {
            server.serve(exchange, () -> repository.tarball(path, t.name(), t.file(), exchange.isHead()), repository::forget);
        } else if (request instanceof NpmRequest.DistTags d) {
            exchange.when(repository.packument(d.name()), (found, err) -> {
                if (err != null) {
                    NpmResponses.failure(exchange, err, "the dist-tags of " + d.name());
                } else if (found.isEmpty()) {
                    NpmResponses.error(exchange, HttpResponseStatus.NOT_FOUND, "package " + d.name() + " not found in repository "
                            + repository.key());
                } else {
                    exchange.respond(HttpResponseStatus.OK, new DefaultHttpHeaders(), NpmResponses.JSON,
                            new String(Packuments.render(Packuments.distTags(found.get().document())), StandardCharsets.UTF_8));
                }
            });
        } else {
            return false;
        }
        return true;
    }

    /** An endpoint Wharf has no implementation of: {@code /-/ping} is 200, everything else a prompt 404. */
    void endpoint(Exchange exchange, NpmRequest.Endpoint endpoint, String key) {
        if (endpoint.path().equals("-/ping") && exchange.isRead()) {
            exchange.respond(HttpResponseStatus.OK, new DefaultHttpHeaders(), NpmResponses.JSON, "{}\n");
            return;
        }
        NpmResponses.error(exchange, HttpResponseStatus.NOT_FOUND, "repository " + key + " does not implement /"
                + endpoint.path());
    }

    /** A path of a repository, made from its text (no encoding: names and file names are URL-safe). */
    static RepositoryPath path(String key, String path) {
        List<String> segments = Arrays.asList(path.split("/"));
        return new RepositoryPath(key, segments, false, path);
    }
}
