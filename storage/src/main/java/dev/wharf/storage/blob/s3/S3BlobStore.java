package dev.wharf.storage.blob.s3;

import dev.wharf.codec.Digest;
import dev.wharf.storage.ByteSource;
import dev.wharf.storage.DaemonThreadFactory;
import dev.wharf.storage.Futures;
import dev.wharf.storage.blob.BlobContent;
import dev.wharf.storage.blob.BlobInfo;
import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.blob.BlobWriter;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * A {@link BlobStore} on an S3 bucket ({@code storage.blobs.type: s3}), for the cluster shape: any replica reads
 * and writes any blob. Keys are laid out as {@link S3Layout} draws them, under the settings' prefix. Blobs are
 * streamed in while they arrive, as multipart uploads, and become visible under their digest only once it checked
 * out (see {@link S3BlobWriter}); reads are ranged {@code GET}s pulled at the consumer's pace.
 *
 * <p>Threads: the SDK's Netty client runs on {@value S3Clients#EVENT_LOOP_THREADS} event loop threads of this store,
 * and completes its futures on this store's {@value #IO_THREADS} daemon threads {@code wharf-s3-io-N}, where
 * writers also hash; futures of this store complete there (or on the event loop for stream buffers), so callers
 * hop to their own executor. Nothing blocks, except {@link #open} (one {@code HEAD} of the bucket) and
 * {@link #close}.
 *
 * <p>Upload sessions live in the bucket only, under {@code uploads/<uuid>/} (see {@link S3Uploads}): a session one
 * replica started, any other continues, appends to or completes.
 *
 * <p>What dead writers leave (multipart uploads, staging objects) and the upload sessions nobody finished are
 * removed by {@link #reap(Duration)}, which the caller schedules.
 */
public final class S3BlobStore implements BlobStore {
    private static final int IO_THREADS = 4;
    private static final Logger LOG = LoggerFactory.getLogger(S3BlobStore.class);

    private final S3Bucket bucket;
    private final int partSize;
    private final long maxCopyBytes;
    private final EventLoopGroup loops;
    private final ExecutorService io;
    private final S3Uploads uploads;

    private S3BlobStore(S3Bucket bucket, int partSize, long maxCopyBytes, EventLoopGroup loops, ExecutorService io) {
        this.bucket = bucket;
        this.partSize = partSize;
        this.maxCopyBytes = maxCopyBytes;
        this.loops = loops;
        this.io = io;
        this.uploads = new S3Uploads(this, bucket, partSize);
    }

    /**
     * A store on the bucket {@code settings} name, with its own client and threads, shut down by
     * {@link #close()}. Checks that the bucket can be reached, waiting for the answer.
     *
     * @throws IllegalStateException when the bucket cannot be reached (missing, no access, endpoint down)
     */
    public static S3BlobStore open(S3Settings settings) {
        return open(settings, ServerSideCopy.MAX_COPY_BYTES);
    }

    /** As {@link #open(S3Settings)}, copying staged blobs server-side in pieces of {@code maxCopyBytes}. */
    static S3BlobStore open(S3Settings settings, long maxCopyBytes) {
        Objects.requireNonNull(settings, "settings");
        ExecutorService io = Executors.newFixedThreadPool(IO_THREADS, new DaemonThreadFactory("wharf-s3-io"));
        EventLoopGroup loops = S3Clients.eventLoops();
        S3AsyncClient client = null;
        try {
            client = S3Clients.create(settings, loops, io);
            client.headBucket(b -> b.bucket(settings.bucket())).join();
            S3DataPlane data = new S3DataPlane(settings.bucket(), S3Clients.presigner(settings), new S3Http(loops));
            S3Bucket bucket = new S3Bucket(client, data, settings.bucket(), new S3Layout(settings.prefix()), io);
            return new S3BlobStore(bucket, settings.partSize(), maxCopyBytes, loops, io);
        } catch (CompletionException e) {
            close(client, loops, io);
            throw new IllegalStateException("S3 bucket " + settings.bucket() + " at "
                    + (settings.endpoint() == null ? "AWS" : settings.endpoint()) + ": " + Futures.unwrap(e), e.getCause());
        } catch (RuntimeException e) {
            close(client, loops, io);
            throw e;
        }
    }

    /** {@inheritDoc} A {@code HEAD} of the blob's key. */
    @Override
    public CompletableFuture<Optional<Long>> stat(Digest digest) {
        String key = bucket.layout().blobKey(Objects.requireNonNull(digest, "digest"));
        return bucket.client().headObject(b -> b.bucket(bucket.name()).key(key)).handle((response, error) -> {
            if (error == null) {
                return Optional.of(response.contentLength());
            }
            if (S3Errors.notFound(error)) {
                return Optional.empty();
            }
            throw new CompletionException(Futures.unwrap(error));
        });
    }

    /** {@inheritDoc} A {@code HEAD}, then the re-commit marker that {@link #info} reads as the blob's age. */
    @Override
    public CompletableFuture<Optional<Long>> refresh(Digest digest) {
        return stat(digest).thenCompose(size -> size.isEmpty() ? CompletableFuture.completedFuture(size)
                : RecommitMarks.touch(bucket, digest).thenApply(v -> size));
    }

    /** {@inheritDoc} A {@code HEAD} of the blob and one of its re-commit marker: its age is the newer of the two. */
    @Override
    public CompletableFuture<Optional<BlobInfo>> info(Digest digest) {
        String key = bucket.layout().blobKey(Objects.requireNonNull(digest, "digest"));
        CompletableFuture<Optional<Instant>> marked = RecommitMarks.find(bucket, digest);
        return bucket.client().headObject(b -> b.bucket(bucket.name()).key(key)).handle((response, error) -> {
            if (error == null) {
                return Optional.of(response);
            }
            if (S3Errors.notFound(error)) {
                return Optional.<HeadObjectResponse>empty();
            }
            throw new CompletionException(Futures.unwrap(error));
        }).thenCombine(marked, (head, mark) -> head.map(h -> new BlobInfo(digest, h.contentLength(),
                newer(h.lastModified(), mark.orElse(null)))));
    }

    /** {@inheritDoc} A {@code HEAD} for the size; the content streams with ranged {@code GET}s. */
    @Override
    public CompletableFuture<Optional<BlobContent>> open(Digest digest) {
        String key = bucket.layout().blobKey(Objects.requireNonNull(digest, "digest"));
        return stat(digest).thenApply(size -> size.map(bytes -> new S3BlobContent(bucket.data(), key, bytes)));
    }

    /** {@inheritDoc} Uploads to {@code tmp/<uuid>} when the blob exceeds a part, and copies it into place at commit. */
    @Override
    public BlobWriter writer() {
        return new S3BlobWriter(bucket, partSize, maxCopyBytes, null);
    }

    /** {@inheritDoc} Uploads straight to the blob's key, and completes the upload only after verification. */
    @Override
    public BlobWriter writer(Digest expected) {
        return new S3BlobWriter(bucket, partSize, maxCopyBytes, Objects.requireNonNull(expected, "expected"));
    }

    /**
     * {@inheritDoc} A {@code HEAD}, then a {@code DELETE}, since S3 answers a delete alike whether or not the key
     * existed; a delete racing with another one may thus report true twice. The blob's re-commit marker goes with it.
     */
    @Override
    public CompletableFuture<Boolean> delete(Digest digest) {
        String key = bucket.layout().blobKey(Objects.requireNonNull(digest, "digest"));
        return stat(digest).thenCompose(size -> size.isEmpty() ? CompletableFuture.completedFuture(false)
                : bucket.client().deleteObject(b -> b.bucket(bucket.name()).key(key))
                        .thenCompose(r -> RecommitMarks.delete(bucket, digest)).thenApply(v -> true));
    }

    /** {@inheritDoc} Lists {@code blobs/sha256/} page by page; the visitor runs on the io threads. */
    @Override
    public CompletableFuture<Void> forEach(Consumer<Digest> visitor) {
        Objects.requireNonNull(visitor, "visitor");
        return forEachInfo(info -> visitor.accept(info.digest()));
    }

    /**
     * {@inheritDoc} Lists the re-commit markers ({@code commits/sha256/}), then {@code blobs/sha256/} page by page: a
     * blob's age is the newer of its Last-Modified and its marker's. A key under {@code blobs/sha256/} that is not a
     * digest is logged and skipped.
     */
    @Override
    public CompletableFuture<Void> forEachInfo(Consumer<BlobInfo> visitor) {
        Objects.requireNonNull(visitor, "visitor");
        S3Layout layout = bucket.layout();
        return RecommitMarks.list(bucket).thenCompose(marks -> bucket.client()
                .listObjectsV2Paginator(b -> b.bucket(bucket.name()).prefix(layout.blobsPrefix()))
                .contents()
                .subscribe(object -> layout.digestOf(object.key()).ifPresentOrElse(
                        digest -> visitor.accept(new BlobInfo(digest, object.size(),
                                newer(object.lastModified(), marks.get(digest)))),
                        () -> LOG.warn("ignoring {} in bucket {}: not a blob", object.key(), bucket.name()))));
    }

    private static Instant newer(Instant committed, Instant recommitted) {
        return recommitted == null || committed.isAfter(recommitted) ? committed : recommitted;
    }

    /** {@inheritDoc} Writes the session's marker, {@code uploads/<uuid>/started}. */
    @Override
    public CompletableFuture<UUID> createUpload() {
        return uploads.create();
    }

    /**
     * {@inheritDoc} Lists the session, then writes the chunk to {@code uploads/<uuid>/<offset>} with
     * {@code If-None-Match: *}: with one {@code PUT} from memory up to {@code partSize}, as a multipart upload to that
     * key beyond (so a chunk of any size holds at most three parts in memory).
     */
    @Override
    public CompletableFuture<Long> appendUpload(UUID upload, long offset, ByteSource chunk) {
        Objects.requireNonNull(upload, "upload");
        Objects.requireNonNull(chunk, "chunk");
        if (offset < 0) {
            chunk.close();
            return CompletableFuture.failedFuture(new IllegalArgumentException("offset: " + offset + " (expected: >= 0)"));
        }
        return uploads.append(upload, offset, chunk);
    }

    /** {@inheritDoc} Lists the session's objects. */
    @Override
    public CompletableFuture<Optional<Long>> uploadSize(UUID upload) {
        return uploads.size(Objects.requireNonNull(upload, "upload"));
    }

    /**
     * {@inheritDoc} Streams the chunks in order (ranged {@code GET}s) through {@link #writer(Digest)}, so the blob is
     * hashed, uploaded to its key and verified as any other, then deletes the session's objects. A second complete
     * running at the same time commits the same blob and succeeds too.
     */
    @Override
    public CompletableFuture<Digest> completeUpload(UUID upload, Digest expected) {
        Objects.requireNonNull(upload, "upload");
        Objects.requireNonNull(expected, "expected");
        return uploads.complete(upload, expected);
    }

    /** {@inheritDoc} Deletes the marker, then the chunks, and aborts a multipart upload of a chunk still open. */
    @Override
    public CompletableFuture<Boolean> cancelUpload(UUID upload) {
        return uploads.cancel(Objects.requireNonNull(upload, "upload"));
    }

    /**
     * {@inheritDoc} The part of {@link #reap} that concerns upload sessions; a session's last activity is the newest
     * of its objects' times and its chunks' multipart upload starts, as S3 reports them (to the second, on some
     * servers). A chunk up to a part is sent at its end and counts from then; a larger one from its first part.
     */
    @Override
    public CompletableFuture<Integer> reapUploads(Duration olderThan) {
        return S3Reaper.reapSessions(bucket, cutoff(olderThan));
    }

    /**
     * What one {@link #reap} removed: multipart uploads of writers aborted, staging objects deleted, and upload
     * sessions removed (with their chunks and their chunks' multipart uploads).
     */
    public record Reaped(int uploadsAborted, int stagingObjectsDeleted, int sessionsRemoved) {
    }

    /**
     * Aborts the multipart uploads of this store's writers started more than {@code olderThan} ago and deletes
     * staging objects last modified before then: the leftovers of writers whose process died. A live writer older
     * than that loses its upload too, so {@code olderThan} must exceed the longest write (24 h, as for upload
     * staging in general, is a safe choice). Removes the upload sessions nothing was appended to for as long, as
     * {@link #reapUploads} does. Safe while several replicas serve and reap.
     */
    public CompletableFuture<Reaped> reap(Duration olderThan) {
        return S3Reaper.reap(bucket, cutoff(olderThan));
    }

    private static Instant cutoff(Duration olderThan) {
        Objects.requireNonNull(olderThan, "olderThan");
        if (olderThan.isNegative()) {
            throw new IllegalArgumentException("olderThan: " + olderThan + " (expected: >= 0)");
        }
        return Instant.now().minus(olderThan);
    }

    /**
     * {@inheritDoc} A SigV4 query-signed GET of the blob's key, valid for {@code ttl}: computed locally, no request
     * to S3, and whether the blob exists is not checked. The URL carries its own signature, no Wharf credentials.
     */
    @Override
    public Optional<URI> presignGet(Digest digest, Duration ttl) {
        return Optional.of(bucket.data().presignGet(bucket.layout().blobKey(digest), ttl));
    }

    /**
     * Closes the client and its connections, then its event loops and the io threads, letting queued work finish
     * (up to 10 s each).
     */
    @Override
    public void close() {
        bucket.data().close();
        close(bucket.client(), loops, io);
    }

    private static void close(S3AsyncClient client, EventLoopGroup loops, ExecutorService io) {
        if (client != null) {
            client.close();
        }
        // No quiet period: the client is closed, nothing submits to its loops any more.
        if (!loops.shutdownGracefully(0, 10, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS)) {
            LOG.warn("S3 event loops still busy 10 s after close");
        }
        io.shutdown();
        try {
            if (!io.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("S3 blob store io threads still busy 10 s after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
