package dev.wharf.storage.blob;

import dev.wharf.codec.Digest;
import dev.wharf.storage.ByteSource;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Content-addressed blob storage keyed by sha256. Blobs become visible only through
 * {@link BlobWriter#commit} or {@link #completeUpload}, after their digest checked out; every method is
 * non-blocking.
 *
 * <p>Upload sessions stage a blob in chunks before it is complete, for protocols that push a blob in several
 * requests (Docker: {@code POST}, {@code PATCH}es, {@code PUT}). A session lives in the store's backend only, not
 * in the memory of the store that started it, so any store on the same directory or bucket (another replica, or
 * this process after a restart) continues it: {@link #createUpload}, then {@link #appendUpload} at the session's
 * size, {@link #uploadSize}, and {@link #completeUpload} or {@link #cancelUpload}; what nobody finishes goes with
 * {@link #reapUploads}. A session's calls are meant to come one after the other, as a protocol's requests do;
 * concurrent appends at one offset are safe (one wins), but an append racing with the session's complete or
 * cancel may be lost.
 */
public interface BlobStore extends AutoCloseable {
    /** The size of a stored blob, or empty when it is absent. */
    CompletableFuture<Optional<Long>> stat(Digest digest);

    /** Opens a stored blob for reading, or empty when it is absent. The caller closes the content. */
    CompletableFuture<Optional<BlobContent>> open(Digest digest);

    /** Starts a new blob; nothing is visible until the writer commits. */
    BlobWriter writer();

    /**
     * Starts a new blob whose digest the caller knows up front (the protocol named it), to be committed with
     * {@link BlobWriter#commit(Digest) commit(expected)} naming the same digest; nothing is visible until then.
     * A store may use the digest early: S3 uploads the parts straight to the blob's final key and completes
     * the upload only after the bytes checked out, where a writer that learns its digest at commit has to
     * upload elsewhere and copy. By default the same as {@link #writer()}.
     */
    default BlobWriter writer(Digest expected) {
        Objects.requireNonNull(expected, "expected");
        return writer();
    }

    /** Removes a blob; completes with whether it existed. */
    CompletableFuture<Boolean> delete(Digest digest);

    /**
     * The size and age of one stored blob, or empty when it is absent: garbage collection asks it right before it
     * deletes a candidate, so that a blob committed again since the listing (its age restarted) is kept.
     */
    CompletableFuture<Optional<BlobInfo>> info(Digest digest);

    /**
     * Makes a stored blob young again, as committing it again would, for a protocol that starts referencing a blob it
     * did not write (a Docker cross-repository mount): garbage collection then keeps it for its grace period while
     * the reference is being recorded. Completes with the blob's size, or empty when it is absent.
     */
    CompletableFuture<Optional<Long>> refresh(Digest digest);

    /** Calls {@code visitor} once per stored blob (in no particular order), for garbage collection. */
    CompletableFuture<Void> forEach(Consumer<Digest> visitor);

    /**
     * Calls {@code visitor} once per stored blob (in no particular order) with its size and age, for garbage
     * collection with a grace period and for eviction by size.
     */
    CompletableFuture<Void> forEachInfo(Consumer<BlobInfo> visitor);

    /**
     * True when the blobs live in local files: then writers have a {@link BlobWriter#stagingFile()} that
     * followers can read while a fill runs, and contents offer a {@link BlobContent#file()} for zero-copy
     * transfers. False by default, which is always safe: callers then spool locally and stream.
     */
    default boolean isLocal() {
        return false;
    }

    /**
     * A short-lived URL from which a client can GET the blob straight from the store, without Wharf's
     * credentials, or empty when the store has none (a local store).
     */
    default Optional<URI> presignGet(Digest digest, Duration ttl) {
        return Optional.empty();
    }

    /**
     * Starts an upload session; completes with its id, which names it in every later call, to this store or any
     * other on the same backend. The session is empty and nothing of it is visible as a blob.
     */
    CompletableFuture<UUID> createUpload();

    /**
     * Appends the bytes of {@code chunk} to the session {@code upload}; completes with the session's new size.
     * {@code offset} must be the session's size (what the client believes it sent so far), else the append fails
     * with {@link UploadOffsetException}, which carries the size, before reading anything. Of two appends at the
     * same offset (through this store or another), one wins and the other fails the same way. An unknown session
     * fails with {@link UnknownUploadException}.
     *
     * <p>Takes ownership of {@code chunk}: it is pulled at the store's pace (the backpressure), each buffer is the
     * store's to release once stored, and the source is closed in every case, also when the append fails before
     * reading it. A chunk counts whole or not at all: an append that fails midway (the source failed, storage
     * failed) leaves the session at its previous size. An empty chunk stores nothing, and does not count as
     * activity for {@link #reapUploads}.
     *
     * @throws IllegalArgumentException when {@code offset} is negative (the future fails, the source is closed)
     */
    CompletableFuture<Long> appendUpload(UUID upload, long offset, ByteSource chunk);

    /** The bytes the session {@code upload} holds so far, or empty when there is no such session. */
    CompletableFuture<Optional<Long>> uploadSize(UUID upload);

    /**
     * Verifies that the sha256 of everything appended to {@code upload} equals {@code expected}, makes the blob
     * visible under that digest exactly as {@link BlobWriter#commit(Digest)} does (a blob that exists already is
     * kept, and the complete succeeds), then removes the session; completes with the digest. Nothing, wrong or
     * partial, is ever visible under a digest key.
     *
     * <p>On a mismatch it fails with {@link DigestMismatchException} and the session is <em>cancelled</em>: removed
     * with its bytes, as the reference registry does, so the client starts over. Any other failure (storage)
     * leaves the session as it was, to complete again. An unknown session fails with {@link UnknownUploadException};
     * so does a session completed already.
     */
    CompletableFuture<Digest> completeUpload(UUID upload, Digest expected);

    /** Removes the session {@code upload} and every byte appended to it; completes with whether it existed. */
    CompletableFuture<Boolean> cancelUpload(UUID upload);

    /**
     * Removes the upload sessions nothing was appended to for longer than {@code olderThan}, and whatever a
     * complete or cancel that died midway left of one; completes with how many sessions it removed. What counts as
     * activity, and whether an append still streaming does, is the implementation's to say. Safe while other
     * stores on the backend serve and reap. The caller schedules it; a store may also run it on a schedule of its
     * own (see the implementations).
     */
    CompletableFuture<Integer> reapUploads(Duration olderThan);

    /** Releases threads and connections. */
    @Override
    void close();
}
