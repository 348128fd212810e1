package dev.wharf.storage.blob;

import dev.wharf.codec.Digest;
import dev.wharf.storage.ByteSource;
import dev.wharf.storage.Futures;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A remote blob store (S3) with a per-replica disk cache of the blobs recently served from it, so that hot
 * blobs go out with {@code sendfile} from local disk ({@code storage.blobs.localCache}). The cache is a
 * {@link FilesystemBlobStore}: a copy is written to a temp file, verified against its digest and renamed into
 * place, so a corrupt or partial copy is never served; and since blobs are content-addressed, a copy can never
 * be stale. The least recently served copies are dropped once the copies outgrow {@code maxBytes} (strict
 * LRU by size: an admission policy such as Caffeine's would keep frequent old blobs over a new hot one).
 *
 * <p>A blob opened from the remote store is copied in the background, from a remote stream of its own, while
 * the caller reads the first one; the next open is served locally. Writes, upload sessions, listings, deletes and
 * presigned URLs are the remote store's (a delete drops the local copy too): a session one replica started, any
 * other continues through the bucket.
 */
public final class LocalCachedBlobStore implements BlobStore {
    private static final Logger LOG = LoggerFactory.getLogger(LocalCachedBlobStore.class);

    private final BlobStore remote;
    private final FilesystemBlobStore local;
    private final long maxBytes;
    /** The local copies and their sizes, least recently served first; guarded by itself. */
    private final LinkedHashMap<Digest, Long> copies = new LinkedHashMap<>(16, 0.75f, true);
    private long copiedBytes; // guarded by copies
    /** Background copies under way, aborted by {@link #close()}. */
    private final Map<Digest, BlobWriter> copying = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private LocalCachedBlobStore(BlobStore remote, FilesystemBlobStore local, long maxBytes) {
        this.remote = remote;
        this.local = local;
        this.maxBytes = maxBytes;
    }

    /**
     * Caches {@code remote}'s blobs under {@code dir}, at most {@code maxBytes} of them; copies left there by an
     * earlier run are kept, oldest first in line for eviction. Takes ownership of {@code remote}.
     */
    public static LocalCachedBlobStore open(BlobStore remote, Path dir, long maxBytes) {
        FilesystemBlobStore local = FilesystemBlobStore.open(dir);
        LocalCachedBlobStore store = new LocalCachedBlobStore(remote, local, maxBytes);
        List<BlobInfo> found = new ArrayList<>();
        local.forEachInfo(found::add).join();
        found.sort(Comparator.comparing(BlobInfo::lastModified));
        found.forEach(info -> store.remember(info.digest(), info.size()));
        return store;
    }

    /** The remote store behind the cache. */
    public BlobStore remote() {
        return remote;
    }

    @Override
    public CompletableFuture<Optional<Long>> stat(Digest digest) {
        Long size;
        synchronized (copies) {
            size = copies.get(digest);
        }
        return size != null ? CompletableFuture.completedFuture(Optional.of(size)) : remote.stat(digest);
    }

    /** Records a local copy as the most recently served, and drops the least recently served past the bound. */
    private void remember(Digest digest, long size) {
        List<Digest> dropped = new ArrayList<>();
        synchronized (copies) {
            Long earlier = copies.put(digest, size);
            copiedBytes += size - (earlier == null ? 0 : earlier);
            Iterator<Map.Entry<Digest, Long>> eldest = copies.entrySet().iterator();
            while (copiedBytes > maxBytes && eldest.hasNext()) {
                Map.Entry<Digest, Long> entry = eldest.next();
                if (entry.getKey().equals(digest)) {
                    continue; // the newest stays, even alone over the bound
                }
                copiedBytes -= entry.getValue();
                dropped.add(entry.getKey());
                eldest.remove();
            }
        }
        dropped.forEach(local::delete);
    }

    private boolean touch(Digest digest) {
        synchronized (copies) {
            return copies.get(digest) != null;
        }
    }

    private void forget(Digest digest) {
        synchronized (copies) {
            Long size = copies.remove(digest);
            if (size != null) {
                copiedBytes -= size;
            }
        }
    }

    /** {@inheritDoc} The local copy when there is one (a local file, for zero-copy sends), else the remote blob. */
    @Override
    public CompletableFuture<Optional<BlobContent>> open(Digest digest) {
        if (!touch(digest)) {
            return openRemote(digest);
        }
        return local.open(digest).thenCompose(copy -> {
            if (copy.isPresent()) {
                return CompletableFuture.completedFuture(copy);
            }
            forget(digest); // removed behind our back: serve the remote one, and copy it again
            return openRemote(digest);
        });
    }

    private CompletableFuture<Optional<BlobContent>> openRemote(Digest digest) {
        return remote.open(digest).thenApply(content -> {
            content.ifPresent(found -> copyInBackground(digest, found));
            return content;
        });
    }

    /**
     * Copies the blob from a stream of its own, opened from the caller's {@code content} before the caller gets
     * it (a stream outlives its content, so no second HEAD); one buffer at a time, at most one copy of a digest
     * at once.
     */
    private void copyInBackground(Digest digest, BlobContent content) {
        if (closed) {
            return;
        }
        BlobWriter writer = local.writer(digest);
        if (copying.putIfAbsent(digest, writer) != null) {
            writer.abort();
            return;
        }
        long size = content.size();
        ByteSource source = content.stream(0, size);
        pump(source, writer).whenComplete((v, e) -> source.close())
                .thenCompose(v -> writer.commit(digest)).whenComplete((committed, failure) -> {
                    copying.remove(digest, writer);
                    if (failure != null) {
                        writer.abort();
                        if (!closed) {
                            LOG.warn("local copy of {} failed, serving it from the remote store: {}", digest,
                                    Futures.unwrap(failure).toString());
                        }
                    } else {
                        remember(digest, size);
                    }
                });
    }

    private static CompletableFuture<Void> pump(ByteSource source, BlobWriter writer) {
        return source.next().thenCompose(buf -> buf == null ? CompletableFuture.<Void>completedFuture(null)
                : writer.write(buf).thenCompose(v -> pump(source, writer)));
    }

    @Override
    public BlobWriter writer() {
        return remote.writer();
    }

    @Override
    public BlobWriter writer(Digest expected) {
        return remote.writer(expected);
    }

    @Override
    public CompletableFuture<UUID> createUpload() {
        return remote.createUpload();
    }

    @Override
    public CompletableFuture<Long> appendUpload(UUID upload, long offset, ByteSource chunk) {
        return remote.appendUpload(upload, offset, chunk);
    }

    @Override
    public CompletableFuture<Optional<Long>> uploadSize(UUID upload) {
        return remote.uploadSize(upload);
    }

    /** {@inheritDoc} The remote store's; the blob is copied to local disk when it is first opened, as any other. */
    @Override
    public CompletableFuture<Digest> completeUpload(UUID upload, Digest expected) {
        return remote.completeUpload(upload, expected);
    }

    @Override
    public CompletableFuture<Boolean> cancelUpload(UUID upload) {
        return remote.cancelUpload(upload);
    }

    @Override
    public CompletableFuture<Integer> reapUploads(Duration olderThan) {
        return remote.reapUploads(olderThan);
    }

    @Override
    public CompletableFuture<Boolean> delete(Digest digest) {
        forget(digest);
        return local.delete(digest).thenCompose(v -> remote.delete(digest));
    }

    @Override
    public CompletableFuture<Void> forEach(Consumer<Digest> visitor) {
        return remote.forEach(visitor);
    }

    @Override
    public CompletableFuture<Optional<BlobInfo>> info(Digest digest) {
        return remote.info(digest);
    }

    @Override
    public CompletableFuture<Optional<Long>> refresh(Digest digest) {
        return remote.refresh(digest);
    }

    @Override
    public CompletableFuture<Void> forEachInfo(Consumer<BlobInfo> visitor) {
        return remote.forEachInfo(visitor);
    }

    @Override
    public Optional<URI> presignGet(Digest digest, Duration ttl) {
        return remote.presignGet(digest, ttl);
    }

    /** Bytes of the local copies, for metrics and tests. */
    public long localBytes() {
        synchronized (copies) {
            return copiedBytes;
        }
    }

    /** Background copies under way. */
    public int copiesInFlight() {
        return copying.size();
    }

    /** Aborts the background copies (nothing half written stays), then closes both stores. */
    @Override
    public void close() {
        closed = true;
        copying.values().forEach(writer -> writer.abort().join());
        local.close();
        remote.close();
    }
}
