package dev.wharf.storage.blob;

import dev.wharf.codec.Digest;
import dev.wharf.storage.ByteSource;
import dev.wharf.storage.Futures;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upload sessions of a {@link FilesystemBlobStore}, under {@code <root>/uploads/}:
 *
 * <pre>
 * uploads/
 * ├── 3f6c1e0a-...(uuid)/                a session, from createUpload until its complete, cancel or reap
 * │   ├── 0000000000000000000            its chunks, each named by its offset (19 digits) and never changed: written
 * │   ├── 0000000000000065536            as a hidden file, fsynced, then hard-linked to its name, which fails when
 * │   │                                  another append took that offset first
 * │   └── .append-9b1d...                a chunk being written
 * ├── .completing-3f6c...-(random)/      a session being completed: renamed away first, so no append lands in it
 * └── .gone-3f6c...-(random)/            a session being removed (cancel, digest mismatch, reap)
 * </pre>
 *
 * <p>Every decision is made by one atomic operation of the file system ({@code mkdir}, {@code link},
 * {@code rename}), never by state in memory, so several processes sharing the directory (NFS included, where
 * {@code link} and {@code rename} are atomic on the server) can each take any step of any session. A chunk is
 * counted once its name exists, and its name exists only once it is whole. The file system must support hard
 * links (local file systems and NFS do).
 *
 * <p>Blocking file work runs on the store's io executor; appends write through a serial queue of their own with a
 * window of {@value #WINDOW_BYTES} bytes in flight, and a complete hashes (and, for several chunks, copies) in
 * steps of {@value #STEP_BYTES} bytes, so that one large upload does not hold an io thread for long.
 */
final class FileUploads {
    static final String DIRECTORY = "uploads";
    /** Bytes of an append queued for the file before the chunk's source is paused, resumed at half. */
    static final long WINDOW_BYTES = 4L << 20;
    /** Bytes one step of a complete hashes (and copies) before it yields its io thread. */
    static final int STEP_BYTES = 8 << 20;
    private static final int OFFSET_DIGITS = 19;
    private static final int COPY_BUFFER = 256 << 10;
    private static final String APPENDING = ".append-";
    private static final String COMPLETING = ".completing-";
    private static final String GONE = ".gone-";
    private static final String ASSEMBLED = ".blob";
    private static final Logger LOG = LoggerFactory.getLogger(FileUploads.class);

    private final FilesystemBlobStore store;
    private final Path root;
    private final Executor io;

    FileUploads(FilesystemBlobStore store, Path root, Executor io) {
        this.store = store;
        this.root = root;
        this.io = io;
    }

    CompletableFuture<UUID> create() {
        return store.onIo(() -> {
            UUID id = UUID.randomUUID();
            Files.createDirectory(root.resolve(id.toString()));
            FilesystemBlobStore.syncDirectory(root);
            return id;
        });
    }

    CompletableFuture<Optional<Long>> size(UUID id) {
        Path dir = sessionDir(id);
        return store.onIo(() -> {
            try {
                return Optional.of(chunks(dir, id).size());
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        });
    }

    /** See {@link BlobStore#appendUpload}. Takes ownership of {@code chunk}. */
    CompletableFuture<Long> append(UUID id, long offset, ByteSource chunk) {
        Path dir = sessionDir(id);
        CompletableFuture<Long> appended = store.onIo(() -> {
            long size = sizeOrUnknown(dir, id);
            if (size != offset) {
                throw new UploadOffsetException(id, offset, size);
            }
            Path temp = dir.resolve(APPENDING + UUID.randomUUID());
            try {
                return new ChunkFile(temp, FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
            } catch (NoSuchFileException e) {
                throw new UnknownUploadException(id); // completed, cancelled or reaped since the size was read
            }
        }).thenCompose(file -> Futures.cleaningUpOnFailure(SourcePump.drain(chunk, file::write)
                .thenCompose(n -> file.seal())
                .thenCompose(written -> store.onIo(() -> link(dir, id, offset, file.temp, written))), e -> file.discard()));
        return appended.whenComplete((n, e) -> chunk.close());
    }

    /** Makes the whole chunk in {@code temp} count, at {@code offset}, unless another append took the offset. */
    private long link(Path dir, UUID id, long offset, Path temp, long written) throws IOException {
        if (written == 0) {
            Files.deleteIfExists(temp);
            return offset;
        }
        Path target = dir.resolve(chunkName(offset));
        try {
            Files.createLink(target, temp);
        } catch (FileAlreadyExistsException e) {
            // Over NFS the reply to a link that was made can be lost, and the retry then finds it made: ours.
            if (!sameFile(target, temp)) {
                Files.deleteIfExists(temp);
                throw new UploadOffsetException(id, offset, sizeOrUnknown(dir, id));
            }
        } catch (NoSuchFileException e) {
            throw new UnknownUploadException(id); // completed, cancelled or reaped while the chunk streamed
        }
        try {
            Files.deleteIfExists(temp);
            FilesystemBlobStore.syncDirectory(dir);
        } catch (NoSuchFileException e) {
            // A complete or cancel renamed the session just after the link: the chunk landed before it.
        } catch (IOException e) {
            // The chunk counts from the link on: a leftover name goes with the session.
            LOG.warn("upload {}: the chunk at {} counts, but {} could not be cleaned up: {}", id, offset, temp, e.toString());
        }
        return offset + written;
    }

    /** See {@link BlobStore#completeUpload}. */
    CompletableFuture<Digest> complete(UUID id, Digest expected) {
        Path dir = sessionDir(id);
        Path claimed = root.resolve(COMPLETING + id + "-" + UUID.randomUUID());
        return store.onIo(() -> {
            if (!claim(dir, claimed)) {
                throw new UnknownUploadException(id);
            }
            try {
                // A rename keeps the directory's time: a reaper elsewhere must see the session busy now.
                Files.setLastModifiedTime(claimed, FileTime.from(Instant.now()));
            } catch (IOException e) {
                LOG.debug("could not touch {}: {}", claimed, e.toString());
            }
            return new Assembly(id, claimed);
        }).thenCompose(assembly -> Futures.cleaningUpOnFailure(
                store.repeatOnIo(assembly::step).thenCompose(v -> store.onIo(() -> assembly.install(expected))),
                error -> store.onIo(() -> assembly.abandon(error, dir))));
    }

    /** See {@link BlobStore#cancelUpload}. */
    CompletableFuture<Boolean> cancel(UUID id) {
        return store.onIo(() -> remove(sessionDir(id)));
    }

    /**
     * Removes the sessions (and leftovers of completes and cancels) whose last activity, the newest time of the
     * directory and its files, lies before {@code cutoff}. Blocking file work.
     *
     * @return how many sessions it removed, those whose complete died midway included
     */
    int reap(Instant cutoff) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                try {
                    if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) || !lastActivity(entry).isBefore(cutoff)) {
                        continue;
                    }
                    if (isSessionName(name)) {
                        removed += remove(entry) ? 1 : 0;
                    } else if (name.startsWith(COMPLETING) || name.startsWith(GONE)) {
                        deleteTree(entry);
                        removed += name.startsWith(COMPLETING) ? 1 : 0;
                    }
                } catch (NoSuchFileException e) {
                    // removed meanwhile, by its owner or another reaper
                }
            }
        }
        return removed;
    }

    private Path sessionDir(UUID id) {
        return root.resolve(id.toString());
    }

    /**
     * Renames a session away (atomically, so no append lands in it afterwards), then deletes it; false when it
     * was not there.
     */
    private boolean remove(Path dir) throws IOException {
        Path gone = root.resolve(GONE + dir.getFileName() + "-" + UUID.randomUUID());
        if (!claim(dir, gone)) {
            return false;
        }
        deleteTree(gone);
        return true;
    }

    /**
     * Renames a session to {@code claimed}, a name of the caller's own; false when it was not there (completed,
     * cancelled or reaped by someone else). Over NFS the reply to a rename that was made can be lost, and the retry
     * then finds no source: the claimed name, which nobody else can have made, says it was ours.
     */
    private static boolean claim(Path dir, Path claimed) throws IOException {
        try {
            Files.move(dir, claimed, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (NoSuchFileException e) {
            return Files.isDirectory(claimed, LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** The chunks of a session, checked to be contiguous from 0. */
    private record Chunks(List<Chunk> list, long size) {
    }

    private record Chunk(long offset, Path file, long length) {
    }

    /** @throws NoSuchFileException when there is no such session (or it went while reading it) */
    private static Chunks chunks(Path dir, UUID id) throws IOException {
        List<Chunk> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                long offset = offsetOf(entry.getFileName().toString());
                if (offset >= 0) {
                    found.add(new Chunk(offset, entry, Files.size(entry)));
                }
            }
        }
        found.sort(Comparator.comparingLong(Chunk::offset));
        long size = 0;
        for (Chunk chunk : found) {
            if (chunk.offset() != size) {
                throw new IllegalStateException("upload " + id + " is broken: a chunk at offset " + chunk.offset()
                        + " after " + size + " contiguous bytes");
            }
            size += chunk.length();
        }
        return new Chunks(List.copyOf(found), size);
    }

    private static long sizeOrUnknown(Path dir, UUID id) throws IOException {
        try {
            return chunks(dir, id).size();
        } catch (NoSuchFileException e) {
            throw new UnknownUploadException(id);
        }
    }

    static String chunkName(long offset) {
        String digits = Long.toString(offset);
        return "0".repeat(OFFSET_DIGITS - digits.length()) + digits;
    }

    /** The offset a chunk's file name gives, or -1 for a file that is no chunk. */
    private static long offsetOf(String name) {
        if (name.length() != OFFSET_DIGITS || !name.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        try {
            return Long.parseLong(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isSessionName(String name) {
        try {
            return UUID.fromString(name).toString().equals(name);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean sameFile(Path a, Path b) throws IOException {
        try {
            return Files.isSameFile(a, b);
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** The newest modification time of {@code dir} and the files in it. */
    private static Instant lastActivity(Path dir) throws IOException {
        Instant newest = Files.getLastModifiedTime(dir).toInstant();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                try {
                    Instant modified = Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS).toInstant();
                    newest = modified.isAfter(newest) ? modified : newest;
                } catch (NoSuchFileException e) {
                    // an append that just finished, or lost
                }
            }
        }
        return newest;
    }

    /** Deletes a session's directory and its files; what another process deleted first counts as deleted. */
    private static void deleteTree(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                Files.deleteIfExists(entry);
            }
        } catch (NoSuchFileException e) {
            return;
        }
        Files.deleteIfExists(dir);
    }

    /**
     * One append's chunk, streaming into its hidden file through a serial queue on the io executor. The pump
     * hands it buffers one at a time; the queue writes them in order.
     */
    private final class ChunkFile {
        final Path temp;
        private final FileChannel channel;
        private final SerialExecutor queue = new SerialExecutor(io);
        private volatile boolean discarded;
        // Guarded by this.
        private long inFlight;
        private long written;
        private Throwable failure;
        private CompletableFuture<Void> drained;

        ChunkFile(Path temp, FileChannel channel) {
            this.temp = temp;
            this.channel = channel;
        }

        /**
         * A step of the pump. Takes ownership of {@code buf}: released once written, or at once when refused.
         * Completes at once while fewer than {@value #WINDOW_BYTES} bytes wait for the file, else once they
         * drained to half of that.
         */
        CompletableFuture<Void> write(ByteBuf buf) {
            int length = buf.readableBytes();
            CompletableFuture<Void> ready;
            synchronized (this) {
                if (failure != null) {
                    buf.release();
                    return CompletableFuture.failedFuture(failure);
                }
                inFlight += length;
                if (inFlight >= WINDOW_BYTES) {
                    drained = new CompletableFuture<>();
                    ready = drained;
                } else {
                    ready = CompletableFuture.completedFuture(null);
                }
            }
            try {
                queue.execute(() -> writeNow(buf, length));
            } catch (RejectedExecutionException e) {
                buf.release();
                return CompletableFuture.failedFuture(new IllegalStateException("blob store is closed", e));
            }
            return ready;
        }

        /** On the queue. Takes ownership of {@code buf}. */
        private void writeNow(ByteBuf buf, int length) {
            Throwable error = null;
            try {
                if (!discarded) {
                    ByteBuffer[] views = FileBlobWriter.views(buf);
                    for (long remaining = length; remaining > 0; ) {
                        remaining -= channel.write(views);
                    }
                }
            } catch (IOException | RuntimeException e) {
                error = e;
            } finally {
                buf.release();
            }
            CompletableFuture<Void> resume = null;
            Throwable failed;
            synchronized (this) {
                inFlight -= length;
                if (error == null) {
                    written += length;
                } else if (failure == null) {
                    failure = error;
                }
                failed = failure;
                if (drained != null && (failed != null || inFlight <= WINDOW_BYTES / 2)) {
                    resume = drained;
                    drained = null;
                }
            }
            if (resume != null) {
                if (failed != null) {
                    resume.completeExceptionally(failed);
                } else {
                    resume.complete(null);
                }
            }
        }

        /** After the last write: fsyncs and closes the file; completes with the bytes it holds. */
        CompletableFuture<Long> seal() {
            return enqueue(() -> {
                long bytes;
                synchronized (this) {
                    if (failure != null) {
                        throw new IOException("writing the chunk failed: " + failure, failure);
                    }
                    bytes = written;
                }
                channel.force(true);
                channel.close();
                return bytes;
            });
        }

        /** Skips the writes still queued, closes and deletes the file. */
        CompletableFuture<Void> discard() {
            discarded = true;
            return enqueue(() -> {
                channel.close();
                Files.deleteIfExists(temp);
                return null;
            });
        }

        private <T> CompletableFuture<T> enqueue(IoCall<T> call) {
            return IoCall.on(queue, call);
        }
    }

    /**
     * A complete in progress, on a claimed session: hashes its chunks in order and, when there are several (or
     * none), copies them into one file beside them; a single chunk is itself the blob. Steps run one after the
     * other on the io executor.
     */
    private final class Assembly {
        private final UUID id;
        private final Path dir;
        private final MessageDigest sha256 = newSha256();
        private final ByteBuffer buffer = ByteBuffer.allocate(COPY_BUFFER);
        private List<Chunk> chunks; // listed by the first step
        private Path assembled; // null when the one chunk is the blob
        private FileChannel target;
        private FileChannel reading;
        private int next;

        Assembly(UUID id, Path dir) {
            this.id = id;
            this.dir = dir;
        }

        /** Hashes (and copies) up to {@value #STEP_BYTES} bytes; true once every chunk was read. */
        boolean step() throws IOException {
            if (chunks == null) {
                chunks = chunks(dir, id).list();
                if (chunks.size() != 1) {
                    assembled = dir.resolve(ASSEMBLED);
                    target = FileChannel.open(assembled, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                }
            }
            for (long budget = STEP_BYTES; budget > 0; ) {
                if (reading == null) {
                    if (next == chunks.size()) {
                        return true;
                    }
                    reading = FileChannel.open(chunks.get(next++).file(), StandardOpenOption.READ);
                }
                buffer.clear();
                int n = reading.read(buffer);
                if (n < 0) {
                    reading.close();
                    reading = null;
                    continue;
                }
                buffer.flip();
                sha256.update(buffer.duplicate());
                while (target != null && buffer.hasRemaining()) {
                    target.write(buffer);
                }
                budget -= n;
            }
            return false;
        }

        /** After the last step: verifies the digest, installs the blob, removes the session. */
        Digest install(Digest expected) throws IOException {
            Digest actual = Digest.ofBytes(sha256.digest());
            if (target != null) {
                target.force(true);
                target.close();
                target = null;
            }
            if (!actual.equals(expected)) {
                throw new DigestMismatchException(expected, actual);
            }
            store.install(assembled != null ? assembled : chunks.get(0).file(), actual);
            try {
                deleteTree(dir);
            } catch (IOException e) {
                LOG.warn("blob {} is committed, but its upload's staging {} could not be deleted (left to the reaper): {}",
                        actual, dir, e.toString());
            }
            return actual;
        }

        /**
         * After {@code failure}: on a digest mismatch the session is removed; otherwise it goes back to
         * {@code sessionDir}, as it was, to be completed again (or, should that fail, to the reaper).
         */
        Void abandon(Throwable failure, Path sessionDir) throws IOException {
            if (reading != null) {
                reading.close();
            }
            if (target != null) {
                target.close();
            }
            if (failure instanceof DigestMismatchException) {
                deleteTree(dir);
                return null;
            }
            if (assembled != null) {
                Files.deleteIfExists(assembled);
            }
            try {
                Files.move(dir, sessionDir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                LOG.warn("upload {} could not be completed ({}) nor restored, left to the reaper: {}", id, failure,
                        e.toString());
            }
            return null;
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
