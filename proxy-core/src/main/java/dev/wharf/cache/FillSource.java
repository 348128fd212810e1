package dev.wharf.cache;

import dev.wharf.codec.Digest;
import dev.wharf.storage.ByteSource;
import java.util.concurrent.CompletableFuture;

/** Where a fill gets its bytes and what it records once they are committed; one per format. */
public interface FillSource {
    /** The digest the bytes must have; the fill commits nothing else. */
    Digest digest();

    /**
     * Starts the upstream fetch. Completes with the head and the body stream (the fill takes the body and
     * closes it), or fails with an exception the format maps to its own error (e.g. upstream 404).
     */
    CompletableFuture<Opened> open();

    /** Records the committed blob (a metadata row); the fill is visible as a hit once this completes. */
    CompletableFuture<Void> committed(long size, String contentType);

    /** An upstream response ready to stream. */
    record Opened(FillHead head, ByteSource body) {
    }
}
