package dev.wharf.docker;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.wharf.cache.MissingUpstreamException;
import dev.wharf.codec.Digest;
import dev.wharf.codec.docker.DockerRequest;
import dev.wharf.codec.docker.ErrorCode;
import dev.wharf.codec.docker.ImageName;
import dev.wharf.codec.docker.ManifestDocument;
import dev.wharf.codec.docker.Reference;
import dev.wharf.config.RepositoryConfig;
import dev.wharf.server.Exchange;
import dev.wharf.storage.Futures;
import dev.wharf.storage.meta.MetadataStore;
import dev.wharf.upstream.UpstreamStatusException;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Docker virtual repositories: reads resolve member by member in order, the first member that has a manifest
 * reference answering it; the blobs and child manifests of a manifest served through the virtual are pinned to
 * the member that served it, so an image is never assembled from two members' different content. Unpinned blobs
 * (a client that fetched the manifest through another replica) go to the first member that holds them, else to
 * the first remote. Uploads and every write go to the {@code deployTo} local member; tag lists merge the members'.
 */
final class VirtualRequests {
    private static final Logger LOG = LoggerFactory.getLogger(VirtualRequests.class);

    private final DockerRepositories repositories;
    private final LocalRequests locals;
    private final ManifestService remoteManifests;
    private final LocalBlobService localBlobs;
    private final BlobService remoteBlobs;
    private final NameListService lists;
    private final ReferrersService referrers;
    private final MetadataStore metadata;
    /** {@code <virtual>/<name>@<digest>} to the key of the member whose manifest referenced it. */
    private final Cache<String, String> pins = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterAccess(Duration.ofHours(6)).build();

    VirtualRequests(DockerRepositories repositories, LocalRequests locals, ManifestService remoteManifests,
                    LocalBlobService localBlobs, BlobService remoteBlobs, NameListService lists, ReferrersService referrers,
                    MetadataStore metadata) {
        this.repositories = repositories;
        this.locals = locals;
        this.remoteManifests = remoteManifests;
        this.localBlobs = localBlobs;
        this.remoteBlobs = remoteBlobs;
        this.lists = lists;
        this.referrers = referrers;
        this.metadata = metadata;
    }

    void handle(Exchange exchange, DockerRequest.Named request, RepositoryConfig virtual, ImageName requested, ImageName name) {
        boolean upload = request instanceof DockerRequest.UploadStart || request instanceof DockerRequest.Upload;
        if (upload || !exchange.isRead()) {
            deploy(exchange, request, virtual, requested, name);
        } else if (request instanceof DockerRequest.Manifest m) {
            manifest(exchange, virtual, name, m.reference());
        } else if (request instanceof DockerRequest.Blob b) {
            blob(exchange, virtual, name, b.digest());
        } else if (request instanceof DockerRequest.TagList) {
            lists.respondTags(exchange, requested, tags(virtual, name));
        } else if (request instanceof DockerRequest.Referrers r) {
            referrers.list(exchange, repositories.localMembers(virtual), name, r.digest());
        } else {
            DockerResponses.error(exchange, ErrorCode.UNSUPPORTED, exchange.method() + " is not allowed here");
        }
    }

    private void deploy(Exchange exchange, DockerRequest.Named request, RepositoryConfig virtual, ImageName requested,
                        ImageName name) {
        Optional<LocalDockerRepository> target = Optional.ofNullable(virtual.deployTo()).flatMap(repositories::local);
        if (target.isEmpty()) {
            DockerResponses.error(exchange, ErrorCode.UNSUPPORTED, "repository " + virtual.key() + " is virtual and has no"
                    + " deployTo member: push to one of its local members instead");
            return;
        }
        locals.handle(exchange, request, target.get(), requested, name);
    }

    /** A member's answer to a manifest request. */
    private record Hit(String member, ServedManifest manifest) {
    }

    private void manifest(Exchange exchange, RepositoryConfig virtual, ImageName name, Reference reference) {
        List<RepositoryConfig> order = ordered(virtual, reference instanceof Reference.DigestRef d
                ? pins.getIfPresent(pinKey(virtual, name, d.digest())) : null);
        List<String> acceptLines = exchange.headerValues(HttpHeaderNames.ACCEPT);
        List<Throwable> failures = new ArrayList<>();
        CompletableFuture<Optional<Hit>> found = firstManifest(exchange, order, 0, name, reference, acceptLines, failures);
        exchange.when(found, (hit, err) -> {
            if (err != null) {
                DockerResponses.failure(exchange, err, ErrorCode.MANIFEST_UNKNOWN, ManifestService.describe(name, reference));
            } else if (hit.isPresent()) {
                pin(virtual, name, hit.get());
                ManifestService.respond(exchange, hit.get().manifest());
            } else if (!failures.isEmpty()) {
                DockerResponses.failure(exchange, failures.get(0), ErrorCode.MANIFEST_UNKNOWN, ManifestService.describe(name, reference));
            } else {
                DockerResponses.error(exchange, ErrorCode.MANIFEST_UNKNOWN, "manifest " + name + ":" + reference
                        + " is in no member of " + virtual.key());
            }
        });
    }

    private CompletableFuture<Optional<Hit>> firstManifest(Exchange exchange, List<RepositoryConfig> members, int i,
                                                           ImageName name, Reference reference, List<String> acceptLines,
                                                           List<Throwable> failures) {
        if (i == members.size()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        RepositoryConfig member = members.get(i);
        CompletableFuture<Optional<ServedManifest>> attempt;
        Optional<LocalDockerRepository> local = repositories.local(member.key());
        if (local.isPresent()) {
            attempt = locals.manifests().find(local.get(), name, reference, exchange.isHead())
                    .thenApply(m -> m.filter(served -> LocalManifestService.admits(exchange, reference, served.mediaType())));
        } else {
            RemoteDockerRepository remote = repositories.remote(member.key()).orElseThrow();
            attempt = remote.isBlocked(remote.upstreamName(name))
                    ? CompletableFuture.completedFuture(Optional.empty())
                    : remoteManifests.fetch(remote, name, reference, acceptLines, exchange.isHead()).thenApply(Optional::of);
        }
        return attempt.handle((served, err) -> {
            if (err != null) {
                if (!isMissing(err)) {
                    failures.add(err);
                }
                return Optional.<ServedManifest>empty();
            }
            return served;
        }).thenCompose(served -> served.isPresent()
                ? CompletableFuture.completedFuture(Optional.of(new Hit(member.key(), served.get())))
                : firstManifest(exchange, members, i + 1, name, reference, acceptLines, failures));
    }

    /** Pins what a served manifest references to the member that served it. */
    private void pin(RepositoryConfig virtual, ImageName name, Hit hit) {
        if (hit.manifest().body() == null) {
            return;
        }
        try {
            ManifestDocument document = ManifestDocument.parse(hit.manifest().body(), hit.manifest().mediaType());
            document.blobs().forEach(d -> pins.put(pinKey(virtual, name, d.digest()), hit.member()));
            document.manifests().forEach(d -> pins.put(pinKey(virtual, name, d.digest()), hit.member()));
        } catch (ManifestDocument.InvalidManifestException e) {
            // Remote manifests were checked when cached; one this reader refuses pins nothing.
            LOG.debug("not pinning the references of {}: {}", hit.manifest().digest(), e.getMessage());
        }
    }

    private void blob(Exchange exchange, RepositoryConfig virtual, ImageName name, Digest digest) {
        String pinned = pins.getIfPresent(pinKey(virtual, name, digest));
        if (pinned != null) {
            serveBlob(exchange, pinned, name, digest);
            return;
        }
        List<RepositoryConfig> members = repositories.members(virtual);
        exchange.when(firstHolder(members, 0, name, digest), (holder, err) -> {
            if (err != null) {
                DockerResponses.failure(exchange, err, ErrorCode.BLOB_UNKNOWN, "blob " + digest);
                return;
            }
            Optional<String> member = holder.or(() -> members.stream().map(RepositoryConfig::key)
                    .filter(key -> repositories.remote(key).filter(r -> !r.isBlocked(r.upstreamName(name))).isPresent())
                    .findFirst());
            if (member.isPresent()) {
                serveBlob(exchange, member.get(), name, digest);
            } else {
                DockerResponses.error(exchange, ErrorCode.BLOB_UNKNOWN, "blob " + digest + " is in no member of " + virtual.key());
            }
        });
    }

    /** The first member holding the blob already (a local's link, a remote's cached copy), without calling an upstream. */
    private CompletableFuture<Optional<String>> firstHolder(List<RepositoryConfig> members, int i, ImageName name, Digest digest) {
        if (i == members.size()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        String key = members.get(i).key();
        Optional<LocalDockerRepository> local = repositories.local(key);
        CompletableFuture<Boolean> holds = local.isPresent()
                ? LocalBlobService.find(local.get(), name, digest).thenApply(Optional::isPresent)
                : metadata.findEntry(key, DockerBlobFillSource.path(digest)).thenApply(Optional::isPresent);
        return holds.thenCompose(held -> held ? CompletableFuture.completedFuture(Optional.of(key))
                : firstHolder(members, i + 1, name, digest));
    }

    private void serveBlob(Exchange exchange, String member, ImageName name, Digest digest) {
        Optional<LocalDockerRepository> local = repositories.local(member);
        if (local.isPresent()) {
            if (exchange.isHead()) {
                localBlobs.head(exchange, local.get(), name, digest);
            } else {
                localBlobs.get(exchange, local.get(), name, digest);
            }
            return;
        }
        RemoteDockerRepository remote = repositories.remote(member).orElseThrow();
        if (exchange.isHead()) {
            remoteBlobs.head(exchange, remote, name, digest);
        } else {
            remoteBlobs.get(exchange, remote, name, digest);
        }
    }

    /** The members' tags merged, sorted and distinct; empty when no member knows the name. */
    private CompletableFuture<Optional<List<String>>> tags(RepositoryConfig virtual, ImageName name) {
        List<CompletableFuture<Optional<List<String>>>> parts = new ArrayList<>();
        for (RepositoryConfig member : repositories.members(virtual)) {
            Optional<LocalDockerRepository> local = repositories.local(member.key());
            if (local.isPresent()) {
                parts.add(local.get().tags(name));
                continue;
            }
            RemoteDockerRepository remote = repositories.remote(member.key()).orElseThrow();
            if (remote.isBlocked(remote.upstreamName(name))) {
                continue;
            }
            parts.add(lists.remoteTags(remote, name).thenApply(Optional::of).exceptionally(e -> {
                if (!isMissing(e)) {
                    LOG.warn("the tags of {} in {} are left out of virtual {}: {}", name, remote.key(), virtual.key(), e.toString());
                }
                return Optional.empty();
            }));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
            TreeSet<String> merged = new TreeSet<>();
            boolean known = false;
            for (CompletableFuture<Optional<List<String>>> part : parts) {
                Optional<List<String>> tags = part.join();
                known |= tags.isPresent();
                tags.ifPresent(merged::addAll);
            }
            return known ? Optional.of(List.copyOf(merged)) : Optional.empty();
        });
    }

    /** The members, the pinned one (if any) first. */
    private List<RepositoryConfig> ordered(RepositoryConfig virtual, String pinned) {
        List<RepositoryConfig> members = new ArrayList<>(repositories.members(virtual));
        if (pinned != null) {
            members.sort((a, b) -> Boolean.compare(!a.key().equals(pinned), !b.key().equals(pinned)));
        }
        return members;
    }

    /** A member not having it (it answered 404, or a registry's 401 for an unknown repository): try the next. */
    private static boolean isMissing(Throwable err) {
        Throwable cause = Futures.unwrap(err);
        return cause instanceof MissingUpstreamException
                || (cause instanceof UpstreamStatusException status && (status.status() == 404 || status.status() == 401));
    }

    private static String pinKey(RepositoryConfig virtual, ImageName name, Digest digest) {
        return virtual.key() + "/" + name + "@" + digest;
    }
}
