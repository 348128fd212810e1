package dev.wharf.cache;

import dev.wharf.codec.Digest;
import dev.wharf.storage.blob.BlobWriter;
import io.netty.buffer.ByteBuf;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A spool that already holds the first {@code skip} bytes of a body (streamed from another replica before it
 * stopped), fed the whole body again from its start by a fill that took over: bytes it has are dropped, the
 * rest appended. Progress, window and file are the spool's own. Confined to the fill's event loop.
 */
final class ResumedSpool implements BlobWriter {
    private final BlobWriter spool;
    private final long skip;
    private long seen;

    ResumedSpool(BlobWriter spool, long skip) {
        this.spool = spool;
        this.skip = skip;
    }

    /** {@inheritDoc} Takes ownership of {@code buf}: releases the part the spool has, hands on the rest. */
    @Override
    public CompletableFuture<Void> write(ByteBuf buf) {
        long start = seen;
        int length = buf.readableBytes();
        seen += length;
        if (start + length <= skip) {
            buf.release();
            return CompletableFuture.completedFuture(null);
        }
        if (start < skip) {
            buf.skipBytes((int) (skip - start));
        }
        return spool.write(buf);
    }

    @Override
    public long bytesAccepted() {
        return spool.bytesAccepted();
    }

    @Override
    public long bytesStored() {
        return spool.bytesStored();
    }

    @Override
    public long windowBytes() {
        return spool.windowBytes();
    }

    @Override
    public Optional<Path> stagingFile() {
        return spool.stagingFile();
    }

    @Override
    public CompletableFuture<Digest> commit(Digest expected) {
        return spool.commit(expected);
    }

    @Override
    public CompletableFuture<Digest> commit() {
        return spool.commit();
    }

    @Override
    public CompletableFuture<Void> abort() {
        return spool.abort();
    }
}
