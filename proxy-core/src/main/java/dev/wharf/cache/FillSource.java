package dev.wharf.cache;

import dev.wharf.codec.ContentDigest;
import dev.wharf.storage.ByteSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where a fill gets its bytes and what it records once they are committed; one per kind of content of a
 * format (a Docker blob, a generic file, a PyPI distribution, ...).
 */
public interface FillSource {
    /**
     * Starts the upstream fetch. Completes with the response ready to stream (the fill takes the body and
     * closes it), or fails with an exception the format maps to its own error (an upstream 404, say).
     */
    CompletableFuture<Opened> open();

    /** Records the committed blob (metadata rows); the content is a hit once this completes. */
    CompletableFuture<Void> committed(Committed blob);

    /**
     * After another replica's fill of the same content ended: what it committed, if anything (looked up in
     * the stores), so that this replica serves it instead of fetching again.
     */
    CompletableFuture<Optional<Committed>> peerResult();

    /**
     * An upstream response ready to stream.
     *
     * @param declaredSize the Content-Length, or -1 when the upstream sent none (chunked)
     * @param contentType  the upstream's content type, already checked to be storable, or null
     * @param expected     the digests the bytes must have (any algorithms; empty: nothing to verify, the
     *                     content is only addressed by its sha256)
     * @param body         the body; the fill owns and closes it
     */
    record Opened(long declaredSize, String contentType, List<ContentDigest> expected, ByteSource body) {
        public Opened {
            expected = List.copyOf(expected);
            Objects.requireNonNull(body, "body");
        }

        /** What followers need before the body: the size and type. */
        FillHead head() {
            return new FillHead(declaredSize, contentType);
        }
    }
}
