package dev.wharf.storage.blob;

import dev.wharf.codec.Digest;
import io.netty.buffer.ByteBuf;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An asynchronous sink for one blob: buffers are hashed (sha256) and stored as they arrive, and the blob
 * is committed only if the digest of everything written equals the expected one. Suits both a local
 * file (temp file, fsync, rename) and S3 (multipart upload while the bytes stream in).
 *
 * <p>Backpressure: each {@link #write} returns a future that completes once the bytes are stored; a
 * producer keeps only a bounded number of bytes in flight ({@link #pendingBytes()}) and pauses its
 * source until earlier writes complete. Writes are applied in call order. Methods may be called from
 * any thread, but not concurrently with each other.
 */
public interface BlobWriter {
    /**
     * Appends {@code buf}. Takes ownership: the writer releases {@code buf} whether or not the write
     * succeeds. The future fails if the writer was aborted or storage failed.
     */
    CompletableFuture<Void> write(ByteBuf buf);

    /** Bytes accepted by {@link #write} so far, stored or not yet. */
    long bytesAccepted();

    /** Bytes whose writes have completed: a reader of {@link #stagingFile()} may read this many. */
    long bytesStored();

    /** Bytes accepted but not yet stored. */
    default long pendingBytes() {
        return bytesAccepted() - bytesStored();
    }

    /**
     * The local file the bytes are staged in while writing, when the store has one; readers may follow
     * it up to {@link #bytesStored()}. An open channel on it stays valid after commit or abort.
     */
    Optional<Path> stagingFile();

    /**
     * Waits for pending writes, verifies that the sha256 of all bytes written equals {@code expected},
     * and makes the blob visible under that digest. On a mismatch it fails with
     * {@link DigestMismatchException} and leaves nothing behind. Committing a blob that already exists
     * succeeds and keeps the existing one.
     */
    CompletableFuture<Digest> commit(Digest expected);

    /** Like {@link #commit(Digest)} with no expectation: installs the blob under the sha256 of what was written. */
    CompletableFuture<Digest> commit();

    /**
     * How many bytes the writer wants in flight (accepted, not yet stored) before the producer pauses; the
     * producer resumes at half of it. The writer owns its window: a store with a minimum part size asks
     * for more than a local file does.
     */
    default long windowBytes() {
        return 4L << 20;
    }

    /** Discards everything written; nothing is left behind. Idempotent, safe after a failed commit. */
    CompletableFuture<Void> abort();
}
