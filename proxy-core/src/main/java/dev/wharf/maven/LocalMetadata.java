package dev.wharf.maven;

import dev.wharf.storage.blob.BlobStore;
import dev.wharf.format.FoundBytes;
import dev.wharf.codec.maven.MavenMetadata;
import dev.wharf.codec.maven.MavenMetadataXml;
import dev.wharf.codec.maven.MavenPath;
import dev.wharf.codec.maven.MetadataGenerator;
import dev.wharf.storage.meta.CachedEntry;
import dev.wharf.storage.meta.MetadataStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code maven-metadata.xml} of a local repository, computed on demand from the files it stores: an
 * artifact's from its version directories, a snapshot version's from its timestamped files. Where nothing is
 * computed (a group's plugin list, which only the deployed document knows) the deployed document is served.
 */
final class LocalMetadata {
    private final String repoKey;
    private final MetadataStore metadata;
    private final BlobStore blobs;

    LocalMetadata(String repoKey, MetadataStore metadata, BlobStore blobs) {
        this.repoKey = repoKey;
        this.metadata = metadata;
        this.blobs = blobs;
    }

    /** The document at {@code path} (a {@code .../maven-metadata.xml}), or empty when there is none. */
    CompletableFuture<Optional<byte[]>> document(String path) {
        MavenPath maven = MavenPath.parse(path);
        String directory = maven.directory();
        return metadata.listEntries(repoKey, directory).thenCompose(entries -> {
            List<MetadataGenerator.StoredFile> files = entries.stream()
                    .filter(e -> e.variant().isEmpty())
                    .map(e -> new MetadataGenerator.StoredFile(e.path().substring(directory.length()), e.fetchedAt()))
                    .toList();
            Optional<MavenMetadata> generated = maven.snapshot() ? MetadataGenerator.snapshot(directory, files)
                    : MetadataGenerator.artifact(directory, files);
            if (generated.isPresent()) {
                return CompletableFuture.completedFuture(Optional.of(MavenMetadataXml.render(generated.get())));
            }
            Optional<CachedEntry> deployed = entries.stream().filter(e -> e.path().equals(path) && e.variant().isEmpty()).findFirst();
            if (deployed.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.<byte[]>empty());
            }
            return FoundBytes.stored(deployed.get().digest(), blobs, MavenMetadataXml.MAX_BYTES, path).thenApply(Optional::of);
        });
    }
}
