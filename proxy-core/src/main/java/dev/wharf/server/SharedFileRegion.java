package dev.wharf.server;

import io.netty.channel.DefaultFileRegion;
import java.nio.channels.FileChannel;

/**
 * A {@link DefaultFileRegion} (so the epoll transport still uses native {@code sendfile}) that borrows
 * its file channel instead of owning it: releasing the region does not close the channel, so one open
 * file serves many regions. The caller closes the channel after the last region was written.
 */
public final class SharedFileRegion extends DefaultFileRegion {
    public SharedFileRegion(FileChannel file, long position, long count) {
        super(file, position, count);
    }

    @Override
    protected void deallocate() {
        // Borrowed channel: its owner closes it.
    }
}
