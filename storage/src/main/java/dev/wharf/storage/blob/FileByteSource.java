package dev.wharf.storage.blob;

import dev.wharf.storage.ByteSource;
import dev.wharf.storage.FileReads;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Streams a byte range of a blob file in 64 KiB chunks, each read on the io executor with a positional
 * read into a pooled direct buffer. Holds a share of the file until it reaches the end or is closed.
 */
final class FileByteSource implements ByteSource {
    static final int CHUNK_SIZE = 64 * 1024;

    private final SharedFileChannel file;
    private final Executor io;
    private final long end;
    private final AtomicBoolean closed = new AtomicBoolean();
    private long position; // the consumer's: next() is not called again before the last future completed

    FileByteSource(SharedFileChannel file, long offset, long length, Executor io) {
        this.file = file;
        this.io = io;
        this.position = offset;
        this.end = offset + length;
    }

    /**
     * {@inheritDoc} The returned buffer is owned by the caller. A read still in flight when {@link #close()}
     * is called fails rather than deliver its buffer.
     */
    @Override
    public CompletableFuture<ByteBuf> next() {
        if (position == end) {
            close();
            return CompletableFuture.completedFuture(null);
        }
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("byte source is closed"));
        }
        int length = (int) Math.min(CHUNK_SIZE, end - position);
        long at = position;
        position += length;
        CompletableFuture<ByteBuf> result = new CompletableFuture<>();
        try {
            io.execute(() -> read(at, length, result));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("blob store is closed", e));
        }
        return result;
    }

    private void read(long at, int length, CompletableFuture<ByteBuf> result) {
        ByteBuf buf;
        try {
            buf = FileReads.read(file.channel(), at, length);
        } catch (Throwable t) {
            result.completeExceptionally(t);
            return;
        }
        if (closed.get()) {
            buf.release();
            result.completeExceptionally(new IllegalStateException("byte source was closed during the read"));
        } else if (!result.complete(buf)) {
            buf.release(); // the caller cancelled the future: nobody will take the buffer
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            file.release();
        }
    }
}
