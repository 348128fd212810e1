package dev.wharf.storage;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.Objects;

/** Positional reads of a byte range of a file into one buffer: blocking file work, never for an event loop. */
public final class FileReads {
    private FileReads() {
    }

    /**
     * Reads exactly {@code length} bytes at {@code position} of {@code file} into a new pooled direct buffer,
     * which the caller owns and must release. Positional, so it neither moves nor minds the channel's position.
     *
     * @throws EOFException when the file ends before {@code position + length}; no buffer is left behind
     * @throws IOException  when the read fails; no buffer is left behind
     */
    public static ByteBuf read(FileChannel file, long position, int length) throws IOException {
        Objects.requireNonNull(file, "file");
        if (position < 0 || length < 0) {
            throw new IllegalArgumentException(String.format("range: position %d, length %d (expected: both >= 0)",
                    position, length));
        }
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(length, length);
        try {
            while (buf.isWritable()) {
                if (buf.writeBytes(file, position + buf.writerIndex(), buf.writableBytes()) < 0) {
                    throw new EOFException(String.format("file ended at byte %d (expected: %d bytes from byte %d)",
                            position + buf.writerIndex(), length, position));
                }
            }
            return buf;
        } catch (IOException | RuntimeException e) {
            buf.release();
            throw e;
        }
    }
}
