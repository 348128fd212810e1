package dev.wharf.storage.blob;

import dev.wharf.codec.Digest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link BlobWriter} staging into a temp file of a {@link FilesystemBlobStore}. File operations run on
 * the store's io executor through a per-writer serial queue, and hashing through a second serial queue,
 * so the two proceed in parallel on different threads while each stays in call order. Fields marked
 * "queue" are confined to the file queue, the digest to the hash queue.
 */
final class FileBlobWriter implements BlobWriter {
    /** The most bytes one gathering write takes. */
    static final int MAX_GATHER_BYTES = 1 << 20;
    /** Bytes in flight before the producer pauses: enough to keep the file and hash queues busy. */
    static final long WINDOW_BYTES = 4L << 20;

    private final FilesystemBlobStore store;
    private final Path staging;
    private final SerialExecutor queue;
    private final SerialExecutor hashQueue;
    private final MessageDigest sha256 = newSha256(); // hashQueue
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong hashed = new AtomicLong();
    private final Deque<PendingWrite> pendingWrites = new ArrayDeque<>(); // guarded by itself
    private volatile long stored;
    // Set on the caller's thread so that writes still queued are skipped, not written.
    private volatile boolean aborted;
    private FileChannel channel; // queue
    private IOException failure; // queue
    private boolean finished; // queue: a commit was attempted

    FileBlobWriter(FilesystemBlobStore store, Path staging, Executor io) {
        this.store = store;
        this.staging = staging;
        this.queue = new SerialExecutor(io);
        this.hashQueue = new SerialExecutor(io);
        enqueue(queue, this::createStagingFile, () -> { });
    }

    /**
     * {@inheritDoc} Takes ownership of {@code buf}: it gets a second reference for the hash queue, and
     * each side releases its own (the file side once the buffer was written or refused). Completes once
     * the bytes are both written and hashed. Buffers waiting for the file queue are written together,
     * in one gathering write of up to {@link #MAX_GATHER_BYTES}: the cost of a write is per call.
     */
    @Override
    public CompletableFuture<Void> write(ByteBuf buf) {
        Objects.requireNonNull(buf, "buf");
        int length = buf.readableBytes();
        accepted.addAndGet(length);
        buf.retain();
        CompletableFuture<Void> hashing = enqueue(hashQueue, () -> {
            try {
                if (!aborted) {
                    hash(buf);
                }
                return null;
            } finally {
                buf.release();
            }
        }, buf::release);
        CompletableFuture<Void> writing = new CompletableFuture<>();
        synchronized (pendingWrites) {
            pendingWrites.add(new PendingWrite(buf, length, writing));
        }
        try {
            queue.execute(this::drainWrites);
        } catch (RejectedExecutionException e) {
            failPendingWrites(new IllegalStateException("blob store is closed", e));
        }
        return CompletableFuture.allOf(hashing.thenRun(() -> advance(hashed, length)),
                writing.thenRun(() -> advance(written, length))).whenComplete((v, t) -> {
                    if (t != null) {
                        // A refused write is no longer pending: keep bytesStored <= bytesAccepted meaningful.
                        accepted.addAndGet(-length);
                    }
                });
    }

    /** A buffer waiting for the file queue, and the future its write completes. */
    private record PendingWrite(ByteBuf buf, int length, CompletableFuture<Void> done) {
    }

    /** Runs on the file queue: writes every waiting buffer (up to the gather limit) in one call. */
    private void drainWrites() {
        List<PendingWrite> batch = new ArrayList<>();
        long bytes = 0;
        synchronized (pendingWrites) {
            while (!pendingWrites.isEmpty() && bytes < MAX_GATHER_BYTES) {
                PendingWrite next = pendingWrites.poll();
                batch.add(next);
                bytes += next.length();
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        Throwable failed = null;
        try {
            ensureWritable();
            append(batch, bytes);
        } catch (Throwable t) {
            failed = t;
        }
        // Released before the futures complete: whoever waits on a write may count on its buffer being freed.
        batch.forEach(w -> w.buf().release());
        for (PendingWrite w : batch) {
            if (failed == null) {
                w.done().complete(null);
            } else {
                w.done().completeExceptionally(failed);
            }
        }
    }

    private void failPendingWrites(Throwable cause) {
        List<PendingWrite> failed;
        synchronized (pendingWrites) {
            failed = new ArrayList<>(pendingWrites);
            pendingWrites.clear();
        }
        failed.forEach(w -> {
            w.buf().release();
            w.done().completeExceptionally(cause);
        });
    }

    /** Adds to one of the progress counters; what both queues finished is what a reader may read. */
    private synchronized void advance(AtomicLong counter, int length) {
        counter.addAndGet(length);
        stored = Math.min(written.get(), hashed.get());
    }

    @Override
    public long bytesAccepted() {
        return accepted.get();
    }

    @Override
    public long bytesStored() {
        return stored;
    }

    /** {@inheritDoc} The file exists once the first write completed; it lies under the store's {@code tmp/}. */
    @Override
    public Optional<Path> stagingFile() {
        return Optional.of(staging);
    }

    /** {@inheritDoc} {@value #WINDOW_BYTES} bytes (4 MiB). */
    @Override
    public long windowBytes() {
        return WINDOW_BYTES;
    }

    @Override
    public CompletableFuture<Digest> commit(Digest expected) {
        return finish(Objects.requireNonNull(expected, "expected"));
    }

    @Override
    public CompletableFuture<Digest> commit() {
        return finish(null);
    }

    /** Commits under the digest of the bytes written, if it equals {@code expected} or that is null. */
    private CompletableFuture<Digest> finish(Digest expected) {
        // The hash queue finishes every earlier write's hashing before it computes the digest.
        CompletableFuture<Digest> actual = enqueue(hashQueue, () -> Digest.ofBytes(sha256.digest()), () -> { });
        CompletableFuture<Digest> result = new CompletableFuture<>();
        actual.whenComplete((digest, hashFailure) -> enqueue(queue, () -> {
            ensureWritable();
            finished = true;
            try {
                if (hashFailure != null) {
                    throw new IOException("hashing the blob failed: " + hashFailure, hashFailure);
                }
                channel.force(true);
                channel.close();
                if (expected != null && !digest.equals(expected)) {
                    throw new DigestMismatchException(expected, digest);
                }
                store.install(staging, digest);
                return digest;
            } catch (Throwable t) {
                discardStaging(t);
                throw t;
            }
        }, () -> { }).whenComplete((d, t) -> {
            store.released(staging);
            if (t != null) {
                result.completeExceptionally(t);
            } else {
                result.complete(d);
            }
        }));
        return result;
    }

    @Override
    public CompletableFuture<Void> abort() {
        aborted = true;
        return FileBlobWriter.<Void>enqueue(queue, () -> {
            closeChannel();
            Files.deleteIfExists(staging);
            return null;
        }, () -> { }).whenComplete((v, t) -> store.released(staging));
    }

    private Void createStagingFile() {
        try {
            channel = FileChannel.open(staging, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            failure = e;
        }
        return null;
    }

    private void ensureWritable() throws IOException {
        if (aborted) {
            throw new IllegalStateException("blob writer was aborted");
        }
        if (finished) {
            throw new IllegalStateException("blob writer already ran its commit");
        }
        if (failure != null) {
            throw new IOException("blob staging failed earlier: " + failure, failure);
        }
    }

    private void hash(ByteBuf buf) {
        for (ByteBuffer part : views(buf)) {
            sha256.update(part);
        }
    }

    /** Views of the buffer's readable bytes (direct or heap) without copying, each caller its own. */
    static ByteBuffer[] views(ByteBuf buf) {
        return buf.nioBufferCount() >= 0 ? buf.nioBuffers() : new ByteBuffer[] {ByteBuffer.wrap(ByteBufUtil.getBytes(buf))};
    }

    private void append(List<PendingWrite> batch, long length) throws IOException {
        List<ByteBuffer> parts = new ArrayList<>(batch.size());
        for (PendingWrite w : batch) {
            parts.addAll(Arrays.asList(views(w.buf())));
        }
        ByteBuffer[] array = parts.toArray(new ByteBuffer[0]);
        try {
            long remaining = length;
            while (remaining > 0) {
                remaining -= channel.write(array);
            }
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    private void discardStaging(Throwable cause) {
        try {
            closeChannel();
            Files.deleteIfExists(staging);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    private void closeChannel() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }

    private static <T> CompletableFuture<T> enqueue(SerialExecutor on, IoCall<T> call, Runnable onRefused) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            on.execute(() -> {
                try {
                    result.complete(call.call());
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            onRefused.run();
            result.completeExceptionally(new IllegalStateException("blob store is closed", e));
        }
        return result;
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
