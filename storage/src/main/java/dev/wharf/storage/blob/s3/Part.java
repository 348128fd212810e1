package dev.wharf.storage.blob.s3;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The buffers gathered for one part of a blob (or for the whole of a blob smaller than a part), kept as they
 * were written, without copying. Owns them: {@link #release()} gives them back, once. Not thread-safe; the
 * writer guards it.
 */
final class Part {
    private final List<ByteBuf> buffers = new ArrayList<>();
    private long size;

    /** Takes ownership of {@code buf}. */
    void add(ByteBuf buf) {
        buffers.add(buf);
        size += buf.readableBytes();
    }

    /** Bytes gathered. */
    long size() {
        return size;
    }

    /**
     * Views of the gathered bytes for the SDK to send, sharing their memory: valid until {@link #release()}.
     * A buffer with no NIO view (a rare composite) is copied.
     */
    ByteBuffer[] views() {
        List<ByteBuffer> views = new ArrayList<>(buffers.size());
        for (ByteBuf buf : buffers) {
            if (buf.nioBufferCount() >= 0) {
                views.addAll(Arrays.asList(buf.nioBuffers()));
            } else {
                views.add(ByteBuffer.wrap(ByteBufUtil.getBytes(buf)));
            }
        }
        return views.toArray(new ByteBuffer[0]);
    }

    /** Releases every buffer; call once, when the bytes were sent or will never be. */
    /**
     * Retained duplicates of the gathered buffers, in order, for a request body to send and release; the part's
     * own references stay until {@link #release()}.
     */
    List<ByteBuf> retainedDuplicates() {
        List<ByteBuf> copies = new ArrayList<>(buffers.size());
        for (ByteBuf buf : buffers) {
            copies.add(buf.retainedDuplicate());
        }
        return copies;
    }

    void release() {
        buffers.forEach(ByteBuf::release);
        buffers.clear();
    }
}
