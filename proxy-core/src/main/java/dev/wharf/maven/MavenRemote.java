package dev.wharf.maven;

import dev.wharf.storage.blob.BlobStore;
import dev.wharf.format.FoundBytes;
import dev.wharf.codec.ContentDigest;
import dev.wharf.codec.Printable;
import dev.wharf.codec.maven.MavenChecksum;
import dev.wharf.codec.maven.MavenMetadataXml;
import dev.wharf.codec.maven.MavenPath;
import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.format.FileServer;
import dev.wharf.format.Found;
import dev.wharf.format.PathKind;
import dev.wharf.format.RemoteFiles;
import dev.wharf.server.Exchange;
import dev.wharf.storage.Futures;
import dev.wharf.storage.TooLargeException;
import dev.wharf.storage.meta.CachedEntry;
import dev.wharf.storage.meta.MetadataStore;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Maven remote: a pull-through cache of a Maven 2 repository, read-only. Metadata and snapshots are
 * revalidated, release files kept for good ({@link MavenLayout}). A release file not cached yet is verified
 * against the upstream's checksum: its {@code .sha1} is fetched (and cached) first, and the file is filled
 * with that digest expected, so that a mismatch is never committed and the client's transfer is aborted.
 * Without a checksum upstream the file is cached unverified, as Maven itself accepts it by default. The checksums
 * of {@code maven-metadata.xml} are computed from the cached document rather than fetched, so they match it, and
 * the {@code .sha256} of a cached release file is its content address.
 */
final class MavenRemote implements MavenRepository {
    private static final Logger LOG = LoggerFactory.getLogger(MavenRemote.class);
    /** The checksum fetched to verify release files: the one every Maven repository publishes. */
    static final ContentDigest.Algorithm VERIFIED_BY = ContentDigest.Algorithm.SHA1;

    private final RemoteFiles files;
    private final MavenLayout layout;
    private final MetadataStore metadata;
    private final BlobStore blobs;
    private final FileServer server;

    MavenRemote(RemoteFiles files, MavenLayout layout, MetadataStore metadata, BlobStore blobs, FileServer server) {
        this.files = files;
        this.layout = layout;
        this.metadata = metadata;
        this.blobs = blobs;
        this.server = server;
    }

    @Override
    public String key() {
        return files.key();
    }

    @Override
    public void handle(Exchange exchange, RepositoryPath path) {
        if (!exchange.isRead()) {
            exchange.error(HttpResponseStatus.METHOD_NOT_ALLOWED, exchange.method() + " is not allowed: remote repository "
                    + key() + " is read-only");
            return;
        }
        if (files.isBlocked(path)) {
            exchange.error(HttpResponseStatus.FORBIDDEN, path.path() + " is blocked in repository " + key());
            return;
        }
        MavenPath maven = path.directory() ? null : MavenPath.parse(path.path());
        if (maven != null && maven.metadata() && maven.isChecksum()) {
            // Computed from the cached document, so that the two always agree while each is revalidated on its own.
            MavenLocal.read(exchange, path, this);
        } else if (maven != null && maven.checksum() == ContentDigest.Algorithm.SHA256 && !maven.isMutable()) {
            sha256(exchange, path, maven);
        } else {
            serveFile(exchange, path);
        }
    }

    /** A cached release file's sha256 is its verified content address: answered without the upstream, which may have none. */
    private void sha256(Exchange exchange, RepositoryPath path, MavenPath maven) {
        exchange.when(metadata.findEntry(key(), maven.base()), (entry, err) -> {
            if (err != null) {
                MavenResponses.failure(exchange, err, path.path());
            } else if (entry.isPresent()) {
                MavenResponses.document(exchange, MavenChecksum.render(ContentDigest.of(entry.get().digest())), MavenResponses.TEXT);
            } else {
                serveFile(exchange, path);
            }
        });
    }

    @Override
    public void serveFile(Exchange exchange, RepositoryPath path) {
        server.serve(exchange, () -> find(path, exchange.isHead()), this::forget);
    }

    /** A blocked path is one this remote does not have, also for the virtual repositories it is a member of. */
    @Override
    public CompletableFuture<Found> find(RepositoryPath path, boolean head) {
        if (files.isBlocked(path)) {
            return CompletableFuture.completedFuture(new Found.Absent(path.path() + " is blocked in repository " + key()));
        }
        if (head || path.directory() || layout.classify(path) == PathKind.METADATA) {
            return files.find(path, head);
        }
        MavenPath maven = MavenPath.parse(path.path());
        if (maven.isChecksum()) {
            return files.find(path, false);
        }
        return metadata.findEntry(key(), path.path()).thenCompose(entry -> entry.isPresent()
                ? files.find(path, false)
                : expectedDigests(path).thenCompose(expected -> files.find(path, layout.upstream(path), PathKind.CONTENT,
                        expected, false)));
    }

    /** The digest the upstream's {@code .sha1} gives for a release file, cached like the file; none without one. */
    private CompletableFuture<List<ContentDigest>> expectedDigests(RepositoryPath path) {
        RepositoryPath checksum = SiblingPaths.withSuffix(path, "." + VERIFIED_BY.id());
        return files.find(checksum, false)
                .thenCompose(found -> FoundBytes.read(found, blobs, MavenChecksum.MAX_BYTES, checksum.path()))
                .exceptionally(err -> {
                    if (Futures.unwrap(err) instanceof TooLargeException) {
                        // An error page served as 200 is no checksum.
                        return Optional.of(new byte[0]);
                    }
                    throw new CompletionException(Futures.unwrap(err));
                })
                .thenApply(body -> {
                    if (body.isEmpty()) {
                        return List.of();
                    }
                    Optional<ContentDigest> digest = MavenChecksum.parse(VERIFIED_BY, body.get());
                    if (digest.isEmpty()) {
                        LOG.warn("repository {}: {} holds no {} digest; {} is cached unverified", key(),
                                Printable.of(checksum.path()), VERIFIED_BY.id(), Printable.of(path.path()));
                    }
                    return digest.map(List::of).orElse(List.of());
                });
    }

    @Override
    public CompletableFuture<Optional<byte[]>> metadata(RepositoryPath path) {
        if (files.isBlocked(path)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return files.find(path, false).thenCompose(found -> FoundBytes.read(found, blobs, MavenMetadataXml.MAX_BYTES, path.path()));
    }

    @Override
    public CompletableFuture<Boolean> forget(CachedEntry entry) {
        return files.forget(entry);
    }
}
