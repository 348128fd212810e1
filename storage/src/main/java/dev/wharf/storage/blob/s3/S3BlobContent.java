package dev.wharf.storage.blob.s3;

import dev.wharf.storage.ByteSource;
import dev.wharf.storage.blob.BlobContent;
import java.nio.channels.FileChannel;
import java.util.Optional;

/**
 * A committed blob of an {@link S3BlobStore}, known by its size from a {@code HEAD}; every stream is a ranged
 * {@code GET} of its own, which may outlive this content. There is no local file.
 */
final class S3BlobContent implements BlobContent {
    private final S3DataPlane data;
    private final String key;
    private final long size;
    private volatile boolean closed;

    S3BlobContent(S3DataPlane data, String key, long size) {
        this.data = data;
        this.key = key;
        this.size = size;
    }

    @Override
    public long size() {
        return size;
    }

    /** {@inheritDoc} Always empty: the blob lives in S3. */
    @Override
    public Optional<FileChannel> file() {
        return Optional.empty();
    }

    /** {@inheritDoc} Always empty: the blob lives in S3. */
    @Override
    public Optional<FileChannel> takeFile() {
        return Optional.empty();
    }

    @Override
    public ByteSource stream(long offset, long length) {
        if (offset < 0 || length < 0 || offset > size - length) {
            throw new IllegalArgumentException(String.format(
                    "range: offset %d, length %d (expected: within [0, %d))", offset, length, size));
        }
        if (closed) {
            throw new IllegalStateException("blob content is closed, cannot stream it");
        }
        return data.range(key, offset, length);
    }

    /** {@inheritDoc} Holds nothing open: streams already started go on. */
    @Override
    public void close() {
        closed = true;
    }
}
