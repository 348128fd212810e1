package dev.wharf.server;

import io.netty.buffer.ByteBuf;
import java.nio.channels.FileChannel;

/** One piece of a response body: bytes in a buffer, or a slice of a local file sent without copying. */
public sealed interface BodyPiece {
    /** Bytes in a buffer, which the receiver of the piece owns and releases (writing it does). */
    record Buffer(ByteBuf buf) implements BodyPiece {
    }

    /** Bytes {@code [position, position + length)} of a file the stream owns; valid until the stream is closed. */
    record FileSlice(FileChannel file, long position, long length) implements BodyPiece {
    }
}
