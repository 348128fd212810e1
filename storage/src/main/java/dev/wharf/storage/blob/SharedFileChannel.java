package dev.wharf.storage.blob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A read channel shared by a {@link FileBlobContent} and the streams opened from it: closed when the last
 * of them lets go, unless it was handed over to a caller who closes it instead.
 */
final class SharedFileChannel {
    private final FileChannel channel;
    private final AtomicInteger holders = new AtomicInteger(1);
    private volatile boolean handedOver;

    SharedFileChannel(FileChannel channel) {
        this.channel = channel;
    }

    FileChannel channel() {
        return channel;
    }

    /** Adds a holder; false when every holder already let go. */
    boolean retain() {
        for (;;) {
            int current = holders.get();
            if (current == 0) {
                return false;
            }
            if (holders.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** From now on the channel belongs to a caller, who closes it. */
    void handOver() {
        handedOver = true;
    }

    /** Drops a holder; the last one closes the channel unless it was handed over. */
    void release() {
        if (holders.decrementAndGet() == 0 && !handedOver) {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("closing a blob file", e);
            }
        }
    }
}
