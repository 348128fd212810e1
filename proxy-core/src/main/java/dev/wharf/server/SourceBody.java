package dev.wharf.server;

import dev.wharf.storage.ByteSource;
import java.util.concurrent.CompletableFuture;

/** A {@link BodyStream} over a {@link ByteSource} (a remote store's stream): buffers only, as the source sends them. */
public final class SourceBody implements BodyStream {
    private final ByteSource source;

    /** Takes ownership of {@code source}: closing this closes it. */
    public SourceBody(ByteSource source) {
        this.source = source;
    }

    @Override
    public CompletableFuture<BodyPiece> next(long maxBytes, boolean fileSlices) {
        return source.next().thenApply(buf -> buf == null ? null : new BodyPiece.Buffer(buf));
    }

    @Override
    public void close() {
        source.close();
    }
}
