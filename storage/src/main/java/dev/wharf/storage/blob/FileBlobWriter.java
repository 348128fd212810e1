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
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link BlobWriter} staging into a temp file of a {@link FilesystemBlobStore}. Every operation runs on
 * the store's io executor through a per-writer serial queue, so the file and the digest are only ever
 * touched by one thread at a time and in call order. Fields below marked "queue" are confined to it.
 */
final class FileBlobWriter implements BlobWriter {
    private final FilesystemBlobStore store;
    private final Path staging;
    private final SerialExecutor queue;
    private final MessageDigest sha256 = newSha256();
    private final AtomicLong accepted = new AtomicLong();
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
        enqueue(this::createStagingFile, () -> { });
    }

    /** {@inheritDoc} Takes ownership of {@code buf}: it is released on the io executor, or here if refused. */
    @Override
    public CompletableFuture<Void> write(ByteBuf buf) {
        Objects.requireNonNull(buf, "buf");
        int length = buf.readableBytes();
        accepted.addAndGet(length);
        return enqueue(() -> {
            try {
                ensureWritable();
                append(buf, length);
                stored += length;
                return null;
            } catch (Throwable t) {
                // A refused write is no longer pending: keep bytesStored <= bytesAccepted meaningful.
                accepted.addAndGet(-length);
                throw t;
            } finally {
                buf.release();
            }
        }, () -> {
            accepted.addAndGet(-length);
            buf.release();
        });
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

    @Override
    public CompletableFuture<Digest> commit(Digest expected) {
        Objects.requireNonNull(expected, "expected");
        return enqueue(() -> {
            ensureWritable();
            finished = true;
            try {
                channel.force(true);
                channel.close();
                Digest actual = Digest.ofBytes(sha256.digest());
                if (!actual.equals(expected)) {
                    throw new DigestMismatchException(expected, actual);
                }
                store.install(staging, expected);
                return expected;
            } catch (Throwable t) {
                discardStaging(t);
                throw t;
            }
        }, () -> { });
    }

    @Override
    public CompletableFuture<Void> abort() {
        aborted = true;
        return enqueue(() -> {
            closeChannel();
            Files.deleteIfExists(staging);
            return null;
        }, () -> { });
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

    private void append(ByteBuf buf, int length) throws IOException {
        // nioBuffers() views the buffer's memory (direct or heap) without copying it.
        ByteBuffer[] parts = buf.nioBufferCount() >= 0
                ? buf.nioBuffers()
                : new ByteBuffer[] {ByteBuffer.wrap(ByteBufUtil.getBytes(buf))};
        for (ByteBuffer part : parts) {
            sha256.update(part.duplicate());
        }
        try {
            long remaining = length;
            while (remaining > 0) {
                remaining -= channel.write(parts);
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

    private <T> CompletableFuture<T> enqueue(IoCall<T> call, Runnable onRefused) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            queue.execute(() -> {
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
