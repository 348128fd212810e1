package dev.wharf.storage.blob;

import dev.wharf.storage.ByteSource;
import java.nio.channels.FileChannel;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A committed blob of a {@link FilesystemBlobStore}, opened as a read channel. Streams share that channel
 * (positional reads, so they do not disturb each other) and keep it open after this content is closed;
 * the channel keeps reading the same bytes even if the blob is deleted meanwhile.
 */
final class FileBlobContent implements BlobContent {
    private enum State { OPEN, TAKEN, CLOSED }

    private final SharedFileChannel file;
    private final long size;
    private final Executor io;
    private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);

    FileBlobContent(FileChannel channel, long size, Executor io) {
        this.file = new SharedFileChannel(channel);
        this.size = size;
        this.io = io;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public Optional<FileChannel> file() {
        return state.get() == State.OPEN ? Optional.of(file.channel()) : Optional.empty();
    }

    @Override
    public Optional<FileChannel> takeFile() {
        if (!state.compareAndSet(State.OPEN, State.TAKEN)) {
            return Optional.empty();
        }
        file.handOver();
        file.release();
        return Optional.of(file.channel());
    }

    /** {@inheritDoc} Reads 64 KiB chunks on the io executor into pooled direct buffers. */
    @Override
    public ByteSource stream(long offset, long length) {
        if (offset < 0 || length < 0 || offset > size - length) {
            throw new IllegalArgumentException(String.format(
                    "range: offset %d, length %d (expected: within [0, %d))", offset, length, size));
        }
        if (state.get() != State.OPEN || !file.retain()) {
            throw new IllegalStateException("blob content is " + state.get().name().toLowerCase() + ", cannot stream it");
        }
        return new FileByteSource(file, offset, length, io);
    }

    @Override
    public void close() {
        if (state.compareAndSet(State.OPEN, State.CLOSED)) {
            file.release();
        }
    }
}
