package dev.wharf.docker;

import dev.wharf.codec.docker.DockerPath;
import dev.wharf.codec.docker.DockerPathException;
import dev.wharf.codec.docker.DockerRequest;
import dev.wharf.codec.docker.ErrorCode;
import dev.wharf.server.Exchange;
import dev.wharf.server.RequestHandler;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Optional;

/**
 * The Docker registry API at {@code /v2/}: parses the path, picks the repository ({@link DockerRepositories}),
 * enforces its blocklist on the upstream's name of the image, and hands manifests, blobs, tag lists and the
 * catalog to their services. Every error, the router's and the server's included, is registry JSON.
 */
final class DockerHandler implements RequestHandler {
    private final DockerRepositories repositories;
    private final ManifestService manifests;
    private final BlobService blobs;
    private final NameListService lists;

    DockerHandler(DockerRepositories repositories, ManifestService manifests, BlobService blobs, NameListService lists) {
        this.repositories = repositories;
        this.manifests = manifests;
        this.blobs = blobs;
        this.lists = lists;
    }

    @Override
    public void handle(Exchange exchange) {
        DockerRequest request;
        try {
            request = DockerPath.parse(exchange.rawPath());
        } catch (DockerPathException e) {
            DockerResponses.error(exchange, e.code(), e.getMessage());
            return;
        }
        if (request instanceof DockerRequest.Ping) {
            if (!exchange.isRead()) {
                methodNotAllowed(exchange);
                return;
            }
            exchange.respond(HttpResponseStatus.OK, DockerResponses.headers(), "application/json; charset=utf-8", "{}");
            return;
        }
        if (request instanceof DockerRequest.Catalog) {
            if (exchange.isRead()) {
                lists.catalog(exchange, repositories.remotes());
            } else {
                methodNotAllowed(exchange);
            }
            return;
        }
        DockerRequest.Named named = (DockerRequest.Named) request;
        Optional<RemoteTarget> target = remote(exchange, named);
        if (target.isEmpty()) {
            return;
        }
        RemoteDockerRepository repo = target.get().repo();
        if (request instanceof DockerRequest.Manifest manifest) {
            manifests.serve(exchange, repo, target.get().name(), manifest.reference());
        } else if (request instanceof DockerRequest.Blob blob) {
            if (exchange.isHead()) {
                blobs.head(exchange, repo, target.get().name(), blob.digest());
            } else {
                blobs.get(exchange, repo, target.get().name(), blob.digest());
            }
        } else if (request instanceof DockerRequest.TagList) {
            lists.tags(exchange, repo, named.name(), target.get().name());
        } else if (request instanceof DockerRequest.Referrers) {
            // Clients read a 404 here as "no referrers API" and fall back to the tag schema, which works.
            DockerResponses.error(exchange, ErrorCode.NOT_FOUND, "the referrers API is not served for remote repositories");
        } else {
            methodNotAllowed(exchange);
        }
    }

    @Override
    public void error(Exchange exchange, HttpResponseStatus status, String message) {
        DockerResponses.error(exchange, DockerResponses.codeOf(status), message);
    }

    private record RemoteTarget(RemoteDockerRepository repo, dev.wharf.codec.docker.ImageName name) {
    }

    /** Resolves a readable, unblocked remote for the request, or answers the error and returns empty. */
    private Optional<RemoteTarget> remote(Exchange exchange, DockerRequest.Named request) {
        Optional<String> ns = exchange.query("ns");
        Optional<DockerRepositories.Target> target = repositories.resolve(request.name(), ns);
        if (target.isEmpty()) {
            DockerResponses.error(exchange, ErrorCode.NAME_UNKNOWN, ns.isPresent()
                    ? "no repository proxies the registry " + dev.wharf.codec.Printable.of(ns.get())
                    : "no repository serves " + request.name() + " (known: " + String.join(", ", repositories.keys()) + ")");
            return Optional.empty();
        }
        String key = target.get().repository().key();
        exchange.describe(key, DockerFormat.ID);
        if (target.get().remote().isEmpty()) {
            DockerResponses.error(exchange, ErrorCode.UNSUPPORTED, "repository " + key + " is a "
                    + target.get().repository().type().id() + " Docker repository; this Wharf serves only remote Docker repositories yet");
            return Optional.empty();
        }
        if (!exchange.isRead()) {
            methodNotAllowed(exchange);
            return Optional.empty();
        }
        RemoteDockerRepository remote = target.get().remote().get();
        if (remote.isBlocked(remote.upstreamName(target.get().name()))) {
            DockerResponses.error(exchange, ErrorCode.DENIED, "image " + remote.upstreamName(target.get().name())
                    + " is blocked in repository " + key);
            return Optional.empty();
        }
        return Optional.of(new RemoteTarget(remote, target.get().name()));
    }

    private static void methodNotAllowed(Exchange exchange) {
        DockerResponses.error(exchange, ErrorCode.UNSUPPORTED,
                exchange.method() + " is not allowed here: remote repositories are read-only");
    }
}
