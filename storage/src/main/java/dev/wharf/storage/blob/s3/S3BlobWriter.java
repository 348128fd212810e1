package dev.wharf.storage.blob.s3;

import dev.wharf.codec.Digest;
import dev.wharf.storage.Futures;
import dev.wharf.storage.blob.BlobWriter;
import dev.wharf.storage.blob.DigestMismatchException;
import dev.wharf.storage.blob.SerialExecutor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * A {@link BlobWriter} streaming into S3 while the bytes arrive. Written buffers are hashed (sha256) on a
 * per-writer serial queue over the store's io executor, and gathered, without copying, into parts of
 * {@code partSize}; each full part is uploaded as soon as it is complete, while the next one fills.
 *
 * <p>What becomes visible, and when:
 * <ul>
 *   <li>a blob smaller than one part is sent with one {@code PUT} to {@code blobs/sha256/<hex>} at commit, after
 *       its digest checked out;
 *   <li>a writer made for a known digest uploads its parts straight to {@code blobs/sha256/<hex>}, and completes
 *       the multipart upload only after the digest checked out;
 *   <li>a writer that learns its digest only at commit uploads to {@code tmp/<uuid>}, completes that, copies it
 *       server-side to {@code blobs/sha256/<hex>} and deletes it.
 * </ul>
 * Writes to a blob key carry {@code If-None-Match: *}: a blob that exists already is kept, and the commit
 * succeeds once it wrote the blob's re-commit marker ({@link RecommitMarks}), which makes the blob young again for
 * garbage collection. On a mismatch, a failure or {@link #abort()}, the multipart upload is aborted and the staging object
 * deleted, so nothing is left.
 *
 * <p>A write completes once its bytes are hashed and the writer holds at most one part more than S3 has
 * acknowledged: the first part fills without waiting, later writes wait for the uploads ahead of them. With the
 * window of two parts, a producer that pauses at the window keeps at most three parts in memory (one filling,
 * up to two uploading), and one that waits for a fixed number of writes never stalls on a part that cannot fill.
 */
final class S3BlobWriter implements BlobWriter {
    private static final Logger LOG = LoggerFactory.getLogger(S3BlobWriter.class);

    private final S3Bucket bucket;
    private final int partSize;
    private final long maxCopyBytes;
    private final Digest declared; // null when the digest is learnt at commit
    private final UUID id = UUID.randomUUID();
    private final SerialExecutor hashQueue;
    private final MessageDigest sha256 = newSha256(); // hashQueue
    private final AtomicLong accepted = new AtomicLong();
    private volatile long stored;
    // Set on the caller's thread as commit or abort begins, so that later writes are refused at once.
    private volatile boolean closed;
    private volatile boolean aborted;
    private volatile boolean committed;

    // Guarded by this.
    private Part filling = new Part();
    private final ArrayDeque<PendingWrite> pending = new ArrayDeque<>();
    private final List<CompletedPart> parts = new ArrayList<>();
    private final List<CompletableFuture<Void>> partsInFlight = new ArrayList<>();
    private long gathered;
    private long uploaded;
    private int sealed;
    private MultipartUpload upload;
    private Throwable failure;
    private boolean discarded; // cleanup began: nothing is gathered or uploaded any more
    private boolean stagingObject; // the upload to tmp/ was completed, so an object exists there
    private CompletableFuture<Digest> finish;
    private CompletableFuture<Void> cleanup;

    /** A writer of a blob whose digest is {@code declared}, or unknown until commit when null. */
    S3BlobWriter(S3Bucket bucket, int partSize, long maxCopyBytes, Digest declared) {
        this.bucket = bucket;
        this.partSize = partSize;
        this.maxCopyBytes = maxCopyBytes;
        this.declared = declared;
        this.hashQueue = new SerialExecutor(bucket.io());
    }

    /** A write gathered into parts, and the bytes gathered up to and including it. */
    private record PendingWrite(long end, CompletableFuture<Void> done) {
    }

    /**
     * {@inheritDoc} Takes ownership of {@code buf}: it goes to the hash queue, which gathers retained slices of it
     * into parts and releases its own reference; each part releases its slices once S3 answered for it.
     */
    @Override
    public CompletableFuture<Void> write(ByteBuf buf) {
        Objects.requireNonNull(buf, "buf");
        if (closed) {
            buf.release();
            return CompletableFuture.failedFuture(refusal());
        }
        int length = buf.readableBytes();
        accepted.addAndGet(length);
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            hashQueue.execute(() -> gather(buf, length, done));
        } catch (RejectedExecutionException e) {
            buf.release();
            done.completeExceptionally(new IllegalStateException("blob store is closed", e));
        }
        return done.whenComplete((v, t) -> {
            if (t != null) {
                // A refused write is no longer pending: keep bytesStored <= bytesAccepted meaningful.
                accepted.addAndGet(-length);
            }
        });
    }

    /** On the hash queue: hashes {@code buf} and gathers it into parts. Takes ownership of {@code buf}. */
    private void gather(ByteBuf buf, int length, CompletableFuture<Void> done) {
        List<Runnable> after = new ArrayList<>();
        try {
            if (!aborted) {
                hash(buf);
            }
            synchronized (this) {
                if (aborted || discarded || failure != null) {
                    Throwable cause = failure != null ? failure : refusal();
                    after.add(() -> done.completeExceptionally(cause));
                    return;
                }
                gathered += length;
                pending.add(new PendingWrite(gathered, done));
                while (buf.isReadable() && failure == null) {
                    int take = (int) Math.min(buf.readableBytes(), partSize - filling.size());
                    filling.add(buf.readRetainedSlice(take));
                    if (filling.size() == partSize) {
                        seal(after);
                    }
                }
                takeStored(after);
            }
        } finally {
            buf.release();
            after.forEach(Runnable::run);
        }
    }

    /** Under the lock: hands the filling part to the multipart upload (started with the first part). */
    private void seal(List<Runnable> after) {
        Part part = filling;
        filling = new Part();
        int number = ++sealed;
        if (number > MultipartUpload.MAX_PARTS) {
            part.release();
            fail(new IllegalStateException("blob: more than " + MultipartUpload.MAX_PARTS + " parts of " + partSize
                    + " bytes (expected: a larger partSize)"), after);
            return;
        }
        if (upload == null) {
            upload = new MultipartUpload(bucket, declared != null
                    ? bucket.layout().blobKey(declared) : bucket.layout().stagingKey(id));
        }
        long size = part.size();
        // The upload takes over the part and releases it. The outcome is handled on the io executor, never
        // within this lock, should the SDK answer at once.
        partsInFlight.add(upload.upload(number, part).handleAsync((stored, error) -> {
            partStored(stored, size, error);
            return null;
        }, bucket.io()));
    }

    private void partStored(CompletedPart part, long size, Throwable error) {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            if (error != null) {
                fail(Futures.unwrap(error), after);
            } else {
                parts.add(part);
                uploaded += size;
                takeStored(after);
            }
        }
        after.forEach(Runnable::run);
    }

    /** Under the lock: completes the writes that no longer hold more than a part beyond what S3 acknowledged. */
    private void takeStored(List<Runnable> after) {
        while (!pending.isEmpty() && pending.peek().end() - uploaded <= partSize) {
            PendingWrite write = pending.poll();
            stored = write.end();
            after.add(() -> write.done().complete(null));
        }
    }

    /** Under the lock: the writer cannot succeed any more; it cleans up right away, as nobody may call abort(). */
    private void fail(Throwable cause, List<Runnable> after) {
        if (failure == null) {
            failure = cause;
        }
        failPending(cause, after);
        after.add(this::cleanup);
    }

    private void failPending(Throwable cause, List<Runnable> after) {
        for (PendingWrite write; (write = pending.poll()) != null; ) {
            CompletableFuture<Void> done = write.done();
            after.add(() -> done.completeExceptionally(cause));
        }
    }

    @Override
    public long bytesAccepted() {
        return accepted.get();
    }

    @Override
    public long bytesStored() {
        return stored;
    }

    /** {@inheritDoc} Two parts: one uploading while the next fills. */
    @Override
    public long windowBytes() {
        return 2L * partSize;
    }

    /** {@inheritDoc} Always empty: the bytes go to S3 only, so followers read a local spool instead. */
    @Override
    public Optional<Path> stagingFile() {
        return Optional.empty();
    }

    /**
     * {@inheritDoc} A writer made for a known digest fails with {@link IllegalArgumentException} (and leaves
     * nothing) when {@code expected} is another one.
     */
    @Override
    public CompletableFuture<Digest> commit(Digest expected) {
        return finish(Objects.requireNonNull(expected, "expected"));
    }

    /** {@inheritDoc} A writer made for a known digest verifies the bytes against it all the same. */
    @Override
    public CompletableFuture<Digest> commit() {
        return finish(null);
    }

    private CompletableFuture<Digest> finish(Digest expected) {
        if (closed) {
            return CompletableFuture.failedFuture(refusal());
        }
        closed = true;
        CompletableFuture<Digest> result = new CompletableFuture<>();
        synchronized (this) {
            finish = result;
        }
        // The hash queue finishes hashing and gathering every earlier write before it computes the digest.
        CompletableFuture<Digest> actual = new CompletableFuture<>();
        try {
            hashQueue.execute(() -> actual.complete(Digest.ofBytes(sha256.digest())));
        } catch (RejectedExecutionException e) {
            actual.completeExceptionally(new IllegalStateException("blob store is closed", e));
        }
        actual.thenCompose(digest -> install(verified(digest, expected))).whenComplete((digest, error) -> {
            if (error == null) {
                committed = true;
                result.complete(digest);
                return;
            }
            Throwable cause = Futures.unwrap(error);
            cleanup().whenComplete((v, cleanupError) -> {
                if (cleanupError != null) {
                    cause.addSuppressed(Futures.unwrap(cleanupError));
                }
                result.completeExceptionally(cause);
            });
        });
        return result;
    }

    /** The digest to commit under: the actual one, when it is what the caller and the writer expected. */
    private Digest verified(Digest actual, Digest expected) {
        if (declared != null && expected != null && !declared.equals(expected)) {
            throw new IllegalArgumentException("commit digest: " + expected + " (expected: " + declared
                    + ", the digest this writer was made for)");
        }
        Digest wanted = expected != null ? expected : declared;
        if (wanted != null && !wanted.equals(actual)) {
            throw new DigestMismatchException(wanted, actual);
        }
        return actual;
    }

    /** Makes the verified blob visible under {@code digest}. */
    private CompletableFuture<Digest> install(Digest digest) {
        List<Runnable> after = new ArrayList<>();
        Part whole = null;
        MultipartUpload started;
        CompletableFuture<?>[] inFlight;
        synchronized (this) {
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            started = upload;
            if (started == null) {
                whole = filling;
                filling = new Part();
            } else if (filling.size() > 0) {
                seal(after); // the last part, which may be smaller than the others
            }
            inFlight = partsInFlight.toArray(new CompletableFuture<?>[0]);
        }
        after.forEach(Runnable::run);
        if (started == null) {
            return put(digest, whole);
        }
        return CompletableFuture.allOf(inFlight).thenCompose(v -> {
            List<CompletedPart> uploadedParts;
            synchronized (this) {
                if (failure != null) {
                    return CompletableFuture.failedFuture(failure);
                }
                uploadedParts = List.copyOf(parts);
            }
            return declared != null ? completeInPlace(started, uploadedParts, digest)
                    : completeStaged(started, uploadedParts, digest);
        });
    }

    /** One PUT of a blob smaller than a part. Takes ownership of {@code whole}: released once S3 answered. */
    private CompletableFuture<Digest> put(Digest digest, Part whole) {
        return S3Errors.retryingConflicts(() -> bucket.client().putObject(b -> b.bucket(bucket.name())
                                .key(bucket.layout().blobKey(digest)).contentLength(whole.size()).ifNoneMatch("*"),
                        AsyncRequestBody.fromByteBuffersUnsafe(whole.views())), bucket.io())
                .handle((response, error) -> {
                    whole.release();
                    if (error != null && !S3Errors.exists(error)) {
                        throw new CompletionException(Futures.unwrap(error));
                    }
                    return error == null ? CompletableFuture.completedFuture(digest) : recommitted(digest);
                }).thenCompose(f -> f);
    }

    /** The blob existed already: it is kept, and its marker says it was committed again now. */
    private CompletableFuture<Digest> recommitted(Digest digest) {
        return RecommitMarks.touch(bucket, digest).thenApply(v -> digest);
    }

    /** The upload went to the blob's own key: completing it is the commit; an existing blob wins. */
    private CompletableFuture<Digest> completeInPlace(MultipartUpload started, List<CompletedPart> done, Digest digest) {
        return started.complete(done, true).thenCompose(created -> created
                ? CompletableFuture.completedFuture(digest)
                : started.abort().thenCompose(v -> recommitted(digest)));
    }

    /** The upload went to {@code tmp/<uuid>}: complete it there, copy it into place, delete it. */
    private CompletableFuture<Digest> completeStaged(MultipartUpload started, List<CompletedPart> done, Digest digest) {
        long size;
        synchronized (this) {
            size = gathered;
        }
        return started.complete(done, false).thenCompose(v -> {
            synchronized (this) {
                stagingObject = true;
            }
            return ServerSideCopy.copy(bucket, started.key(), bucket.layout().blobKey(digest), size, maxCopyBytes)
                    .thenCompose(created -> created ? CompletableFuture.completedFuture(digest) : recommitted(digest));
        }).thenCompose(copied -> deleteStaging().handle((deleted, error) -> {
            // The blob is committed all the same: a staging object that cannot be deleted now is the reaper's.
            if (error != null) {
                LOG.warn("could not delete staging object {} after committing {}: {}", started.key(), digest,
                        Futures.unwrap(error).toString());
            }
            return digest;
        }));
    }

    /** {@inheritDoc} After a successful commit, there is nothing to discard. */
    @Override
    public CompletableFuture<Void> abort() {
        aborted = true;
        closed = true;
        CompletableFuture<Digest> running;
        synchronized (this) {
            running = finish;
        }
        if (running == null) {
            return cleanup();
        }
        return running.handle((d, e) -> null).thenCompose(v -> committed
                ? CompletableFuture.<Void>completedFuture(null) : cleanup());
    }

    /**
     * Frees everything this writer holds, once: the bytes in memory, the multipart upload (after the parts in
     * flight settled, since S3 may keep a part that lands after the abort) and the staging object.
     */
    private CompletableFuture<Void> cleanup() {
        List<Runnable> after = new ArrayList<>();
        CompletableFuture<Void> result;
        synchronized (this) {
            if (cleanup != null) {
                return cleanup;
            }
            discarded = true;
            filling.release();
            failPending(failure != null ? failure : refusal(), after);
            MultipartUpload started = upload;
            boolean staged = stagingObject;
            result = CompletableFuture.allOf(partsInFlight.toArray(new CompletableFuture<?>[0]))
                    .thenCompose(v -> started == null ? CompletableFuture.<Void>completedFuture(null) : started.abort())
                    .thenCompose(v -> staged ? deleteStaging() : CompletableFuture.<Void>completedFuture(null));
            cleanup = result;
        }
        after.forEach(Runnable::run);
        return result;
    }

    private CompletableFuture<Void> deleteStaging() {
        return bucket.client().deleteObject(b -> b.bucket(bucket.name()).key(bucket.layout().stagingKey(id)))
                .thenApply(r -> null);
    }

    private IllegalStateException refusal() {
        return new IllegalStateException(aborted ? "blob writer was aborted" : "blob writer already ran its commit");
    }

    private void hash(ByteBuf buf) {
        if (buf.nioBufferCount() >= 0) {
            for (ByteBuffer view : buf.nioBuffers()) {
                sha256.update(view);
            }
        } else {
            sha256.update(ByteBufUtil.getBytes(buf));
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
