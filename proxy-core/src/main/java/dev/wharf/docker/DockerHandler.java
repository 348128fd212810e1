package dev.wharf.docker;

import dev.wharf.codec.docker.DockerPath;
import dev.wharf.codec.docker.DockerPathException;
import dev.wharf.codec.docker.DockerRequest;
import dev.wharf.codec.docker.ErrorCode;
import dev.wharf.codec.docker.ImageName;
import dev.wharf.codec.docker.Reference;
import dev.wharf.config.WharfConfig;
import dev.wharf.cache.FillEngine;
import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.coord.Coordination;
import dev.wharf.storage.meta.MetadataStore;
import dev.wharf.upstream.UpstreamClient;
import java.time.Clock;
import java.util.concurrent.Executor;
import dev.wharf.server.Exchange;
import dev.wharf.server.RequestHandler;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Optional;

/**
 * The Docker registry API at {@code /v2/}: parses the path, picks the repository, enforces its
 * blocklist, and hands manifests and blobs to their services. Every error is registry JSON.
 */
public final class DockerHandler implements RequestHandler {
    private final DockerRepositories repositories;
    private final ManifestService manifests;
    private final BlobService blobs;

    DockerHandler(DockerRepositories repositories, ManifestService manifests, BlobService blobs) {
        this.repositories = repositories;
        this.manifests = manifests;
        this.blobs = blobs;
    }

    /** The Docker API over the given stores, upstream client and fill engine. */
    public static DockerHandler create(WharfConfig config, MetadataStore metadata, BlobStore blobStore,
                                       Coordination coordination, UpstreamClient upstream, FillEngine fills,
                                       Executor fileExecutor, Clock clock) {
        int maxManifestBytes = config.server().limits().maxManifestBytes();
        DockerUpstreams upstreams = new DockerUpstreams(upstream);
        return new DockerHandler(new DockerRepositories(config),
                new ManifestService(metadata, blobStore, coordination, upstreams, clock, maxManifestBytes),
                new BlobService(metadata, blobStore, upstreams, fills, fileExecutor, clock));
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
        boolean read = exchange.method().equals(HttpMethod.GET) || exchange.isHead();
        if (request instanceof DockerRequest.Ping) {
            if (!read) {
                methodNotAllowed(exchange);
                return;
            }
            exchange.respond(HttpResponseStatus.OK, DockerResponses.headers(), "application/json; charset=utf-8", "{}");
            return;
        }
        if (request instanceof DockerRequest.Manifest manifest) {
            remote(exchange, manifest.name(), read).ifPresent(t -> manifest(exchange, t.repo(), t.name(), manifest.reference()));
        } else if (request instanceof DockerRequest.Blob blob) {
            remote(exchange, blob.name(), read).ifPresent(t -> {
                if (exchange.isHead()) {
                    blobs.head(exchange, t.repo(), t.name(), blob.digest());
                } else {
                    blobs.get(exchange, t.repo(), t.name(), blob.digest());
                }
            });
        } else {
            DockerResponses.error(exchange, ErrorCode.UNSUPPORTED,
                    "this operation is not available on Wharf's Docker remote repositories");
        }
    }

    private record RemoteTarget(RemoteDockerRepository repo, ImageName name) {
    }

    /** Resolves a readable remote for the name, or answers the error and returns empty. */
    private Optional<RemoteTarget> remote(Exchange exchange, ImageName requested, boolean read) {
        Optional<DockerRepositories.Target> target = repositories.resolve(requested, exchange.query("ns"));
        if (target.isEmpty()) {
            DockerResponses.error(exchange, ErrorCode.NAME_UNKNOWN,
                    "no repository serves " + requested.value() + " (known: " + String.join(", ", repositories.keys()) + ")");
            return Optional.empty();
        }
        String key = target.get().repository().key();
        Optional<RemoteDockerRepository> remote = repositories.remote(key);
        if (remote.isEmpty()) {
            DockerResponses.error(exchange, ErrorCode.UNSUPPORTED,
                    "repository " + key + " is a " + target.get().repository().type().id()
                            + " Docker repository; this Wharf serves only remote Docker repositories yet");
            return Optional.empty();
        }
        if (!read) {
            methodNotAllowed(exchange);
            return Optional.empty();
        }
        ImageName name = target.get().name();
        if (remote.get().isBlocked(name)) {
            DockerResponses.error(exchange, ErrorCode.DENIED, "image " + name.value() + " is blocked in repository " + key);
            return Optional.empty();
        }
        return Optional.of(new RemoteTarget(remote.get(), name));
    }

    private void manifest(Exchange exchange, RemoteDockerRepository repo, ImageName name, Reference reference) {
        String what = "manifest " + name.value() + ":" + reference;
        manifests.resolve(repo, name, reference, exchange.requestHeaders().get(HttpHeaderNames.ACCEPT))
                .whenCompleteAsync((resolved, err) -> {
                    if (err != null) {
                        DockerResponses.failure(exchange, err, ErrorCode.MANIFEST_UNKNOWN, what);
                        return;
                    }
                    exchange.cacheStatus(resolved.status());
                    HttpHeaders headers = DockerResponses.headers();
                    headers.set(HttpHeaderNames.CONTENT_TYPE, resolved.entry().mediaType());
                    headers.set(DockerResponses.DIGEST_HEADER, resolved.entry().digest().toString());
                    headers.set(HttpHeaderNames.ETAG, "\"" + resolved.entry().digest() + "\"");
                    headers.set(HttpHeaderNames.CONTENT_LENGTH, resolved.entry().size());
                    if (resolved.warning() != null) {
                        headers.set(HttpHeaderNames.WARNING, resolved.warning());
                    }
                    if (exchange.isHead()) {
                        // Answered from metadata alone: no blob read, no upstream call for cached content.
                        exchange.respond(HttpResponseStatus.OK, headers, Unpooled.EMPTY_BUFFER);
                        return;
                    }
                    manifests.bytes(resolved.entry()).whenCompleteAsync((bytes, e) -> {
                        if (e != null) {
                            DockerResponses.failure(exchange, e, ErrorCode.MANIFEST_UNKNOWN, what);
                        } else {
                            exchange.respond(HttpResponseStatus.OK, headers, Unpooled.wrappedBuffer(bytes));
                        }
                    }, exchange.ctx().executor());
                }, exchange.ctx().executor());
    }

    private static void methodNotAllowed(Exchange exchange) {
        DockerResponses.error(exchange, ErrorCode.UNSUPPORTED,
                exchange.method() + " is not allowed here: remote repositories are read-only");
    }
}
