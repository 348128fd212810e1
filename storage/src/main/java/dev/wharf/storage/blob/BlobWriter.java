package dev.wharf.storage.blob;

import dev.wharf.codec.Digest;
import io.netty.buffer.ByteBuf;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An asynchronous sink for one blob: buffers are hashed (sha256) and stored as they arrive, and the blob
 * is committed under the sha256 of everything written, only if that equals the expected digest when
 * there is one. Suits both a local file (temp file, fsync, rename) and S3 (multipart upload while the
 * bytes stream in).
 *
 * <p>Backpressure: each {@link #write} returns a future that completes once the bytes are stored; a
 * producer pauses its source once {@link #pendingBytes()} reaches {@link #windowBytes()}, and resumes it
 * once they drained to half of that. Writes are applied in call order. Methods may be called from any
 * thread, but not concurrently with each other.
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
     * How many bytes this writer wants in flight (accepted but not yet stored) before the producer pauses;
     * the producer resumes at half of it. The writer owns its window, since only it knows what keeps its
     * storage busy without piling up memory: a local file a few MiB, an S3 upload two parts (one
     * uploading while the next fills).
     */
    long windowBytes();

    /**
     * The local file the bytes are staged in while writing, when the store has one; readers may follow
     * it up to {@link #bytesStored()}. An open channel on it stays valid after commit or abort.
     */
    Optional<Path> stagingFile();

    /**
     * Waits for pending writes, verifies that the sha256 of all bytes written equals {@code expected},
     * and makes the blob visible under that digest. On a mismatch it fails with
     * {@link DigestMismatchException} and leaves nothing behind. Committing a blob that already exists
     * succeeds and keeps the existing one, whose age ({@link BlobInfo#lastModified()}) starts again from now.
     */
    CompletableFuture<Digest> commit(Digest expected);

    /**
     * Waits for pending writes and makes the blob visible under the sha256 of all bytes written, which the
     * future returns: for content whose protocol gives no sha256 (a generic file; an npm tarball, which it
     * verifies by sha512) but which is stored content-addressed all the same. Committing a blob that
     * already exists succeeds and keeps the existing one, whose age starts again from now.
     */
    CompletableFuture<Digest> commit();

    /** Discards everything written; nothing is left behind. Idempotent, safe after a failed commit. */
    CompletableFuture<Void> abort();
}
