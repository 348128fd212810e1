package dev.wharf.docker;

import dev.wharf.auth.AccessControl;
import dev.wharf.auth.Caller;
import dev.wharf.codec.Digest;
import dev.wharf.codec.docker.ImageName;
import dev.wharf.config.RepositoryConfig;
import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.meta.MetadataStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Whether a cross-repository mount may link a blob without an upload: with {@code from}, when that image holds
 * it (a local's link, a remote's cached blob, any member's for a virtual); without, when the blob is stored at
 * all. In both cases the bytes must still be in the blob store, and the mount makes them young again
 * ({@link BlobStore#refresh}), so that garbage collection sweeping an unreferenced blob does not remove it
 * while its new link is being written.
 */
final class MountSources {
    private final DockerRepositories repositories;
    private final MetadataStore metadata;
    private final BlobStore blobs;
    private final AccessControl access;

    MountSources(DockerRepositories repositories, MetadataStore metadata, BlobStore blobs, AccessControl access) {
        this.repositories = repositories;
        this.metadata = metadata;
        this.blobs = blobs;
        this.access = access;
    }

    /**
     * The blob's size when it can be mounted, else empty (the client then uploads it). A {@code from} repository
     * the caller may not read is treated as not holding the blob, so a mount never reveals another's content.
     */
    CompletableFuture<Optional<Long>> canMount(Digest digest, Optional<String> from, Caller caller) {
        if (from.isEmpty()) {
            return blobs.refresh(digest);
        }
        if (!ImageName.isValid(from.get())) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Optional<DockerRepositories.Target> source = repositories.resolve(new ImageName(from.get()), Optional.empty());
        if (source.isEmpty() || !access.mayRead(caller, source.get().repository().key())) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return holds(source.get().repository(), source.get().name(), digest)
                .thenCompose(held -> held ? blobs.refresh(digest) : CompletableFuture.completedFuture(Optional.empty()));
    }

    private CompletableFuture<Boolean> holds(RepositoryConfig repo, ImageName name, Digest digest) {
        Optional<LocalDockerRepository> local = repositories.local(repo.key());
        if (local.isPresent()) {
            return LocalBlobService.find(local.get(), name, digest).thenApply(Optional::isPresent);
        }
        if (repositories.remote(repo.key()).isPresent()) {
            return metadata.findEntry(repo.key(), DockerBlobFillSource.path(digest)).thenApply(Optional::isPresent);
        }
        List<CompletableFuture<Boolean>> members = repositories.members(repo).stream()
                .map(member -> holds(member, name, digest)).toList();
        return CompletableFuture.allOf(members.toArray(CompletableFuture[]::new))
                .thenApply(v -> members.stream().anyMatch(CompletableFuture::join));
    }
}
