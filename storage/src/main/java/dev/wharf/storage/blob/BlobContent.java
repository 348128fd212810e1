package dev.wharf.storage.blob;

import dev.wharf.storage.ByteSource;
import java.nio.channels.FileChannel;
import java.util.Optional;

/** An opened, committed blob. Close it when done; streams opened from it may outlive it. */
public interface BlobContent extends AutoCloseable {
    /** The blob's size in bytes. */
    long size();

    /**
     * An open channel on a local file holding exactly the blob's bytes, for zero-copy transfers
     * ({@code DefaultFileRegion}); empty when the store is not local. Owned by this content: it is
     * closed by {@link #close()} unless the caller took it with {@link #takeFile()}.
     */
    Optional<FileChannel> file();

    /**
     * Hands the open file channel to the caller, who then closes it; empty when not local, or when it
     * was taken already. Streams opened before keep reading through it, so close it after them.
     */
    Optional<FileChannel> takeFile();

    /**
     * Streams bytes {@code [offset, offset + length)}; the range must lie within the blob
     * ({@link IllegalArgumentException} otherwise), and the content must be neither closed nor its file
     * taken ({@link IllegalStateException}).
     */
    ByteSource stream(long offset, long length);

    @Override
    void close();
}
