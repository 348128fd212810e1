package dev.wharf.cargo;

import dev.wharf.codec.ContentDigest;
import dev.wharf.codec.cargo.CargoPath;
import dev.wharf.codec.cargo.CrateName;
import dev.wharf.codec.cargo.IndexEntry;
import dev.wharf.codec.cargo.RegistryConfig;
import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.format.FileServer;
import dev.wharf.format.Found;
import dev.wharf.format.FoundBytes;
import dev.wharf.format.PathKind;
import dev.wharf.format.RemoteFiles;
import dev.wharf.server.Exchange;
import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.meta.CachedEntry;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A Cargo remote: a pull-through cache of a sparse index. Index files are metadata under the freshness policy
 * (revalidated upstream with ETag / Last-Modified, and answered 304 to a client's {@code If-None-Match}); its own
 * {@code config.json} points {@code dl} at Wharf; a download finds the version's {@code cksum} in the index and the
 * upstream URL in the upstream's {@code config.json}, and is cached for good once its sha256 matched. Blocklist
 * globs match crate names.
 */
final class CargoRemote implements CargoRepository {
    /** The largest index file or config.json read into memory. */
    static final int MAX_DOCUMENT_BYTES = 16 << 20;

    private final RemoteFiles files;
    private final CargoLayout layout;
    private final FileServer server;
    private final BlobStore blobs;

    CargoRemote(RemoteFiles files, CargoLayout layout, FileServer server, BlobStore blobs) {
        this.files = files;
        this.layout = layout;
        this.server = server;
        this.blobs = blobs;
    }

    @Override
    public String key() {
        return files.key();
    }

    @Override
    public CompletableFuture<Optional<List<IndexEntry>>> index(String crate) {
        return document(CrateName.indexPath(crate)).thenApply(bytes -> bytes.map(IndexEntry::parseFile));
    }

    @Override
    public CompletableFuture<Found> crate(String crate, String version, boolean head) {
        return index(crate).thenCompose(lines -> {
            Optional<IndexEntry> line = lines.flatMap(l -> l.stream().filter(e -> e.version().equals(version)).findFirst());
            if (line.isEmpty()) {
                return CompletableFuture.completedFuture(new Found.Absent("the index of " + key() + " has no " + crate + " " + version));
            }
            return document("config.json").thenCompose(config -> {
                if (config.isEmpty()) {
                    return CompletableFuture.completedFuture(new Found.Absent("the upstream index has no config.json"));
                }
                IndexEntry entry = line.get();
                URI uri = layout.base().resolve(RegistryConfig.parse(config.get()).downloadUrl(entry.name(), entry.version(), entry.cksum().hex()));
                return files.find(CargoPaths.path(key(), CargoPaths.download(crate, version)), uri, PathKind.CONTENT,
                        List.of(ContentDigest.of(entry.cksum())), head);
            });
        });
    }

    private CompletableFuture<Optional<byte[]>> document(String within) {
        return files.find(CargoPaths.path(key(), within), false).thenCompose(found -> FoundBytes.read(found, blobs, MAX_DOCUMENT_BYTES));
    }

    @Override
    public CompletableFuture<Boolean> forget(CachedEntry entry) {
        return files.forget(entry);
    }

    @Override
    public void handle(Exchange exchange, RepositoryPath path) {
        Optional<CargoPath> request = CargoPaths.parse(exchange, path);
        if (request.isEmpty()) {
            return;
        }
        CargoPath r = request.get();
        if (r.kind() == CargoPath.Kind.CONFIG && exchange.isRead()) {
            CargoResponses.document(exchange, CargoResponses.JSON, new RegistryConfig(CargoPaths.dl(exchange, key()), null).render(false));
        } else if (r.crate() != null && files.isBlocked(CargoPaths.path(key(), r.crate()))) {
            error(exchange, HttpResponseStatus.FORBIDDEN, "crate " + r.crate() + " is blocked in repository " + key());
        } else if (r.kind() == CargoPath.Kind.INDEX && exchange.isRead()) {
            server.serve(exchange, () -> files.find(path, exchange.isHead()), this::forget);
        } else if (r.kind() == CargoPath.Kind.DOWNLOAD && exchange.isRead()) {
            server.serve(exchange, () -> crate(r.crate(), r.version(), exchange.isHead()), this::forget);
        } else {
            error(exchange, HttpResponseStatus.METHOD_NOT_ALLOWED, exchange.method() + " " + path.path()
                    + " is not allowed: remote repository " + key() + " is read-only");
        }
    }
}
