package dev.wharf.docker;

import dev.wharf.codec.docker.DockerRequest;
import dev.wharf.codec.docker.ErrorCode;
import dev.wharf.codec.docker.ImageName;
import dev.wharf.server.Exchange;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;

/**
 * Dispatches the registry API requests about one image of a Docker local repository, by resource and method,
 * to the service of each; a method the resource does not have is {@code UNSUPPORTED} (405).
 */
final class LocalRequests {
    private final LocalManifestService manifests;
    private final LocalBlobService blobs;
    private final UploadService uploads;
    private final NameListService lists;
    private final ReferrersService referrers;

    LocalRequests(LocalManifestService manifests, LocalBlobService blobs, UploadService uploads, NameListService lists,
                  ReferrersService referrers) {
        this.manifests = manifests;
        this.blobs = blobs;
        this.uploads = uploads;
        this.lists = lists;
        this.referrers = referrers;
    }

    LocalManifestService manifests() {
        return manifests;
    }

    /**
     * @param requested the name as the client sent it (for {@code Location}s, which must lead back here)
     * @param name      the image name within {@code repo}
     */
    void handle(Exchange exchange, DockerRequest.Named request, LocalDockerRepository repo, ImageName requested, ImageName name) {
        HttpMethod method = exchange.method();
        boolean read = exchange.isRead();
        if (request instanceof DockerRequest.Manifest m && (read || method.equals(HttpMethod.PUT) || method.equals(HttpMethod.DELETE))) {
            if (read) {
                manifests.serve(exchange, repo, name, m.reference());
            } else if (method.equals(HttpMethod.PUT)) {
                manifests.put(exchange, repo, requested, name, m.reference());
            } else {
                manifests.delete(exchange, repo, name, m.reference());
            }
        } else if (request instanceof DockerRequest.Blob b && (read || method.equals(HttpMethod.DELETE))) {
            if (exchange.isHead()) {
                blobs.head(exchange, repo, name, b.digest());
            } else if (read) {
                blobs.get(exchange, repo, name, b.digest());
            } else {
                blobs.delete(exchange, repo, name, b.digest());
            }
        } else if (request instanceof DockerRequest.UploadStart && method.equals(HttpMethod.POST)) {
            uploads.start(exchange, repo, requested, name);
        } else if (request instanceof DockerRequest.Upload u && !exchange.isHead()) {
            upload(exchange, repo, requested, name, u.uuid());
        } else if (request instanceof DockerRequest.TagList && read) {
            lists.respondTags(exchange, requested, repo.tags(name));
        } else if (request instanceof DockerRequest.Referrers r && read) {
            referrers.list(exchange, List.of(repo), name, r.digest());
        } else {
            notAllowed(exchange);
        }
    }

    private void upload(Exchange exchange, LocalDockerRepository repo, ImageName requested, ImageName name, String uuid) {
        HttpMethod method = exchange.method();
        if (method.equals(HttpMethod.PATCH)) {
            uploads.patch(exchange, requested, uuid);
        } else if (method.equals(HttpMethod.PUT)) {
            uploads.complete(exchange, repo, requested, name, uuid);
        } else if (method.equals(HttpMethod.GET)) {
            uploads.status(exchange, requested, uuid);
        } else if (method.equals(HttpMethod.DELETE)) {
            uploads.cancel(exchange, uuid);
        } else {
            notAllowed(exchange);
        }
    }

    private static void notAllowed(Exchange exchange) {
        DockerResponses.error(exchange, ErrorCode.UNSUPPORTED, exchange.method() + " is not allowed here");
    }
}
