package dev.wharf.docker;

import dev.wharf.auth.Caller;
import dev.wharf.codec.docker.DockerPath;
import dev.wharf.codec.docker.DockerPathException;
import dev.wharf.codec.docker.DockerRequest;
import dev.wharf.codec.docker.ErrorCode;
import dev.wharf.config.RepositoryConfig;
import dev.wharf.config.RepositoryType;
import dev.wharf.server.Exchange;
import dev.wharf.server.RequestHandler;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Optional;

/**
 * The Docker registry API at {@code /v2/}: parses the path, picks the repository ({@link DockerRepositories}),
 * and hands the request to what serves its kind: a remote's manifests, blobs and tag lists (reads only, its
 * blocklist enforced on the upstream's name of the image), a local's ({@link LocalRequests}), a virtual's
 * ({@link VirtualRequests}); the catalog spans them all. Every error, the router's and the server's included,
 * is registry JSON.
 */
final class DockerHandler implements RequestHandler {
    private final DockerRepositories repositories;
    private final ManifestService manifests;
    private final BlobService blobs;
    private final NameListService lists;
    private final LocalRequests locals;
    private final VirtualRequests virtuals;
    private final DockerCatalog catalog;
    private final DockerAccess access;
    private final DockerTokenEndpoint tokens;

    DockerHandler(DockerRepositories repositories, ManifestService manifests, BlobService blobs, NameListService lists,
                  LocalRequests locals, VirtualRequests virtuals, DockerAccess access) {
        this.access = access;
        this.tokens = new DockerTokenEndpoint(access);
        this.repositories = repositories;
        this.manifests = manifests;
        this.blobs = blobs;
        this.lists = lists;
        this.locals = locals;
        this.virtuals = virtuals;
        this.catalog = new DockerCatalog(repositories, lists);
    }

    @Override
    public void handle(Exchange exchange) {
        if (exchange.path().equals(DockerTokenEndpoint.PATH)) {
            tokens.handle(exchange);
            return;
        }
        DockerRequest request;
        try {
            request = DockerPath.parse(exchange.rawPath());
        } catch (DockerPathException e) {
            DockerResponses.error(exchange, e.code(), e.getMessage());
            return;
        }
        exchange.when(access.control().authenticate(exchange), (caller, error) -> {
            if (error != null) {
                access.refuse(exchange, error, request instanceof DockerRequest.Named named
                        ? Optional.of("repository:" + named.name() + (exchange.isRead() ? ":pull" : ":pull,push")) : Optional.empty());
                return;
            }
            handle(exchange, request, caller);
        });
    }

    private void handle(Exchange exchange, DockerRequest request, Caller caller) {
        if (request instanceof DockerRequest.Ping) {
            if (!exchange.isRead()) {
                methodNotAllowed(exchange);
                return;
            }
            // Anonymous pings are challenged even where anonymous reads are allowed: containers/image (skopeo,
            // podman, buildah) sends credentials only to a registry whose ping asked for them, and anonymous
            // clients answer the challenge with an anonymous token.
            if (caller.anonymous()) {
                access.unauthorized(exchange, "authentication required", Optional.empty());
                return;
            }
            exchange.respond(HttpResponseStatus.OK, DockerResponses.headers(), "application/json; charset=utf-8", "{}");
            return;
        }
        if (request instanceof DockerRequest.Catalog) {
            if (exchange.isRead()) {
                lists.respondCatalog(exchange, catalog.names(key -> access.control().mayRead(caller, key)));
            } else {
                methodNotAllowed(exchange);
            }
            return;
        }
        DockerRequest.Named named = (DockerRequest.Named) request;
        Optional<DockerRepositories.Target> resolved = resolve(exchange, named, caller);
        if (resolved.isEmpty()) {
            return;
        }
        RepositoryConfig config = resolved.get().repository();
        String writeKey = config.type() == RepositoryType.VIRTUAL && config.deployTo() != null ? config.deployTo() : config.key();
        if (!access.admit(exchange, caller, config.key(), writeKey, named.name().toString())) {
            return;
        }
        if (config.type() == RepositoryType.LOCAL) {
            locals.handle(exchange, named, repositories.local(config.key()).orElseThrow(), named.name(), resolved.get().name());
            return;
        }
        if (config.type() == RepositoryType.VIRTUAL) {
            virtuals.handle(exchange, named, config, named.name(), resolved.get().name());
            return;
        }
        Optional<RemoteTarget> target = remote(exchange, resolved.get());
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
            // Clients read a 404 here as "no referrers API" and fall back to the tag schema, which works; the
            // upstream's referrers are not proxied yet.
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

    /** The repository the request names, or answers NAME_UNKNOWN and returns empty. */
    private Optional<DockerRepositories.Target> resolve(Exchange exchange, DockerRequest.Named request, Caller caller) {
        Optional<String> ns = exchange.query("ns");
        Optional<DockerRepositories.Target> target = repositories.resolve(request.name(), ns);
        if (target.isEmpty()) {
            DockerResponses.error(exchange, ErrorCode.NAME_UNKNOWN, ns.isPresent()
                    ? "no repository proxies the registry " + dev.wharf.codec.Printable.of(ns.get())
                    : "no repository serves " + request.name() + " (known: " + String.join(", ", repositories.keys().stream()
                            .filter(key -> access.control().mayRead(caller, key)).toList()) + ")");
            return Optional.empty();
        }
        exchange.describe(target.get().repository().key(), DockerFormat.ID);
        return target;
    }

    /** The remote of a read, unless blocked; answers the error and returns empty otherwise. */
    private Optional<RemoteTarget> remote(Exchange exchange, DockerRepositories.Target target) {
        if (!exchange.isRead()) {
            methodNotAllowed(exchange);
            return Optional.empty();
        }
        RemoteDockerRepository remote = target.remote().orElseThrow();
        if (remote.isBlocked(remote.upstreamName(target.name()))) {
            DockerResponses.error(exchange, ErrorCode.DENIED, "image " + remote.upstreamName(target.name())
                    + " is blocked in repository " + target.repository().key());
            return Optional.empty();
        }
        return Optional.of(new RemoteTarget(remote, target.name()));
    }

    private static void methodNotAllowed(Exchange exchange) {
        DockerResponses.error(exchange, ErrorCode.UNSUPPORTED,
                exchange.method() + " is not allowed here: remote repositories are read-only");
    }
}
