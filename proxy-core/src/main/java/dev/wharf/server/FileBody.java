package dev.wharf.server;

import dev.wharf.storage.FileReads;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A {@link BodyStream} of a complete range of a local file: file slices where the connection allows them,
 * else buffers read off the event loop on the file executor. Owns the file channel and closes it, off the
 * event loop, when closed.
 */
public final class FileBody implements BodyStream {
    private final FileChannel file;
    private final long end;
    private final Executor fileExecutor;
    private long position;
    private boolean closed;

    /** Bytes {@code [position, position + length)} of {@code file}, whose ownership passes to this stream. */
    public FileBody(FileChannel file, long position, long length, Executor fileExecutor) {
        this.file = file;
        this.position = position;
        this.end = position + length;
        this.fileExecutor = fileExecutor;
    }

    @Override
    public CompletableFuture<BodyPiece> next(long maxBytes, boolean fileSlices) {
        if (position >= end) {
            return CompletableFuture.completedFuture(null);
        }
        long at = position;
        long n = Math.min(maxBytes, end - at);
        position += n;
        if (fileSlices) {
            return CompletableFuture.completedFuture(new BodyPiece.FileSlice(file, at, n));
        }
        int chunk = (int) Math.min(n, Integer.MAX_VALUE);
        position = at + chunk;
        return CompletableFuture.supplyAsync(() -> new BodyPiece.Buffer(read(file, at, chunk)), fileExecutor);
    }

    /** Reads exactly {@code n} bytes at {@code position} into a new pooled buffer owned by the caller. */
    public static ByteBuf read(FileChannel file, long position, int n) {
        try {
            return FileReads.read(file, position, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        fileExecutor.execute(() -> {
            try {
                file.close();
            } catch (IOException ignored) {
                // Read-only channel: nothing was lost.
            }
        });
    }
}
