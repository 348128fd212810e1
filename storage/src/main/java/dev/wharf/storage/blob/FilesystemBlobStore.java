package dev.wharf.storage.blob;

import dev.wharf.codec.Digest;
import dev.wharf.storage.ByteSource;
import dev.wharf.storage.DaemonThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BlobStore} on a local directory: blobs are staged in a temp file, fsynced, verified and then
 * renamed atomically into place, so a blob file that exists is always complete and correct. Committed
 * blobs can be served with zero-copy transfers from {@link BlobContent#file()}.
 *
 * <pre>
 * &lt;root&gt;/
 * ├── sha256/                       committed blobs, by digest
 * │   ├── 0a/                       the first two hex digits, to keep directories small
 * │   │   └── 0a1b2c...(64 hex)     the blob's bytes, nothing else
 * │   └── ff/
 * │       └── ff00e1...
 * ├── tmp/                          writes in progress, one file per {@link BlobWriter}
 * │   └── 3f6c1e0a-...(random)      renamed into sha256/ on commit, deleted on abort
 * └── uploads/                      upload sessions, one directory each: see {@link FileUploads}
 *     └── 9b1d07c2-...(uuid)/
 * </pre>
 *
 * <p>All file work runs on the io executor, never on the caller's thread; futures complete there.
 *
 * <p>Staging that no live writer owns is reaped: at start every file in {@code tmp/} is a leftover of a
 * crash (one process owns a data directory; the embedded metadata store's file lock already refuses a
 * second one) and is deleted, and while running a sweep every {@code sweepInterval} (default
 * {@value #DEFAULT_SWEEP_MINUTES} min, on its own daemon thread {@code wharf-blob-reaper-1}) deletes the
 * files in {@code tmp/} of no live writer. A writer is live from {@link #writer()} until its commit or abort
 * completed; a writer that is never committed nor aborted stays live.
 *
 * <p>Upload sessions, unlike writers, are state on disk only: any process sharing the directory (several replicas
 * on NFS, or this one after a restart) continues them, so the start-up sweep leaves them alone. The same periodic
 * sweep removes the sessions nothing was appended to for longer than {@code uploadsMaxAge} (default
 * {@value #DEFAULT_UPLOADS_MAX_HOURS} h, as {@code gc.uploadsMaxAge}); {@link #reapUploads} does it on demand.
 */
public final class FilesystemBlobStore implements BlobStore {
    private static final long DEFAULT_SWEEP_MINUTES = 10;
    /** How often staging of no live writer is looked for while running, unless told otherwise. */
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(DEFAULT_SWEEP_MINUTES);
    private static final long DEFAULT_UPLOADS_MAX_HOURS = 24;
    /** How long an upload session may go without an append before the sweep removes it, unless told otherwise. */
    public static final Duration DEFAULT_UPLOADS_MAX_AGE = Duration.ofHours(DEFAULT_UPLOADS_MAX_HOURS);
    private static final int OWNED_IO_THREADS = 4;
    private static final Logger LOG = LoggerFactory.getLogger(FilesystemBlobStore.class);
    // Windows cannot open a directory as a channel; its NTFS metadata is journaled anyway.
    private static final boolean SYNC_DIRECTORIES = !System.getProperty("os.name", "").startsWith("Windows");

    private final Path blobs;
    private final Path staging;
    private final FileUploads uploads;
    private final Duration uploadsMaxAge;
    private final Executor io;
    private final ExecutorService ownedIo;
    private final Set<Path> liveStaging = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService reaper =
            Executors.newSingleThreadScheduledExecutor(new DaemonThreadFactory("wharf-blob-reaper"));

    /**
     * A store under {@code root} (created if missing) doing its file work on {@code ioExecutor}, which
     * the caller owns and shuts down, sweeping staging every {@link #DEFAULT_SWEEP_INTERVAL}. Deletes every
     * staging file left by an earlier process before returning.
     *
     * @throws UncheckedIOException when the directories cannot be created or cleaned
     */
    public FilesystemBlobStore(Path root, Executor ioExecutor) {
        this(root, ioExecutor, DEFAULT_SWEEP_INTERVAL);
    }

    /** As {@link #FilesystemBlobStore(Path, Executor)}, sweeping staging every {@code sweepInterval}. */
    public FilesystemBlobStore(Path root, Executor ioExecutor, Duration sweepInterval) {
        this(root, ioExecutor, null, sweepInterval, DEFAULT_UPLOADS_MAX_AGE);
    }

    private FilesystemBlobStore(Path root, Executor io, ExecutorService ownedIo, Duration sweepInterval,
                                Duration uploadsMaxAge) {
        Objects.requireNonNull(root, "root");
        this.io = Objects.requireNonNull(io, "ioExecutor");
        this.ownedIo = ownedIo;
        this.blobs = root.resolve(Digest.ALGORITHM);
        this.staging = root.resolve("tmp");
        Path uploadsDir = root.resolve(FileUploads.DIRECTORY);
        this.uploads = new FileUploads(this, uploadsDir, io);
        long intervalNanos = positiveNanos(sweepInterval, "sweepInterval");
        positiveNanos(uploadsMaxAge, "uploadsMaxAge");
        this.uploadsMaxAge = uploadsMaxAge;
        try {
            Files.createDirectories(blobs);
            Files.createDirectories(staging);
            Files.createDirectories(uploadsDir);
            int orphans = sweepStaging();
            if (orphans > 0) {
                LOG.info("deleted {} staging file(s) left in {} by an earlier process", orphans, staging);
            }
        } catch (IOException e) {
            reaper.shutdownNow();
            throw new UncheckedIOException("blob store at " + root, e);
        }
        reaper.scheduleWithFixedDelay(this::sweepWhileRunning, intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
    }

    /** A store under {@code root} with its own pool of 4 daemon io threads ({@code wharf-blob-io-N}), shut down by {@link #close()}. */
    public static FilesystemBlobStore open(Path root) {
        return open(root, DEFAULT_SWEEP_INTERVAL);
    }

    /** As {@link #open(Path)}, sweeping staging every {@code sweepInterval}. */
    public static FilesystemBlobStore open(Path root, Duration sweepInterval) {
        return open(root, sweepInterval, DEFAULT_UPLOADS_MAX_AGE);
    }

    /**
     * As {@link #open(Path)}, sweeping staging every {@code sweepInterval}, and removing upload sessions without an
     * append for {@code uploadsMaxAge} in the same sweep.
     */
    public static FilesystemBlobStore open(Path root, Duration sweepInterval, Duration uploadsMaxAge) {
        ExecutorService pool = Executors.newFixedThreadPool(OWNED_IO_THREADS, new DaemonThreadFactory("wharf-blob-io"));
        try {
            return new FilesystemBlobStore(root, pool, pool, sweepInterval, uploadsMaxAge);
        } catch (RuntimeException e) {
            pool.shutdownNow();
            throw e;
        }
    }

    @Override
    public CompletableFuture<Optional<Long>> stat(Digest digest) {
        Path path = blobPath(digest);
        return onIo(() -> {
            try {
                return Optional.of(Files.size(path));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public CompletableFuture<Optional<BlobContent>> open(Digest digest) {
        Path path = blobPath(digest);
        return onIo(() -> {
            FileChannel channel;
            try {
                channel = FileChannel.open(path, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
            try {
                return Optional.of(new FileBlobContent(channel, channel.size(), io));
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        });
    }

    /** {@inheritDoc} Its staging file is {@code tmp/<random>}, created on the io executor. */
    @Override
    public BlobWriter writer() {
        Path file = staging.resolve(UUID.randomUUID().toString());
        // Live before its file exists, so that no sweep can take the file for an orphan.
        liveStaging.add(file);
        return new FileBlobWriter(this, file, io);
    }

    @Override
    public CompletableFuture<Boolean> delete(Digest digest) {
        Path path = blobPath(digest);
        return onIo(() -> Files.deleteIfExists(path));
    }

    /** {@inheritDoc} The blob file's attributes. */
    @Override
    public CompletableFuture<Optional<BlobInfo>> info(Digest digest) {
        Path path = blobPath(digest);
        return onIo(() -> {
            try {
                return Optional.of(info(digest, path));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public CompletableFuture<Optional<Long>> refresh(Digest digest) {
        Path path = blobPath(digest);
        return onIo(() -> {
            try {
                return refreshed(path) ? Optional.of(Files.size(path)) : Optional.<Long>empty();
            } catch (NoSuchFileException e) {
                return Optional.<Long>empty(); // removed between the touch and the size
            }
        });
    }

    private static BlobInfo info(Digest digest, Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return new BlobInfo(digest, attributes.size(), attributes.lastModifiedTime().toInstant());
    }

    /** {@inheritDoc} The visitor runs on the io executor; a file in the tree that is not a blob is logged and skipped. */
    @Override
    public CompletableFuture<Void> forEach(Consumer<Digest> visitor) {
        Objects.requireNonNull(visitor, "visitor");
        return walk((digest, file) -> visitor.accept(digest));
    }

    /**
     * {@inheritDoc} As {@link #forEach}, reading each file's attributes; a blob deleted while the walk runs
     * is skipped.
     */
    @Override
    public CompletableFuture<Void> forEachInfo(Consumer<BlobInfo> visitor) {
        Objects.requireNonNull(visitor, "visitor");
        return walk((digest, file) -> {
            BlobInfo info;
            try {
                info = info(digest, file);
            } catch (NoSuchFileException e) {
                return;
            }
            visitor.accept(info);
        });
    }

    /** {@inheritDoc} Creates the directory {@code uploads/<uuid>}. */
    @Override
    public CompletableFuture<UUID> createUpload() {
        return uploads.create();
    }

    /**
     * {@inheritDoc} The chunk streams into a hidden file of the session, fsynced, then hard-linked to the name of its
     * offset: the link fails for the second of two appends at one offset, in this process or another.
     */
    @Override
    public CompletableFuture<Long> appendUpload(UUID upload, long offset, ByteSource chunk) {
        Objects.requireNonNull(upload, "upload");
        Objects.requireNonNull(chunk, "chunk");
        if (offset < 0) {
            chunk.close();
            return CompletableFuture.failedFuture(new IllegalArgumentException("offset: " + offset + " (expected: >= 0)"));
        }
        return uploads.append(upload, offset, chunk);
    }

    /** {@inheritDoc} Lists the session's chunks. */
    @Override
    public CompletableFuture<Optional<Long>> uploadSize(UUID upload) {
        return uploads.size(Objects.requireNonNull(upload, "upload"));
    }

    /**
     * {@inheritDoc} Renames the session away first (a second complete, or a late append, then finds it unknown), then
     * hashes its chunks; a single chunk is renamed into place as it is, several are copied into one file first,
     * fsynced, and renamed into place as a writer's staging file is.
     */
    @Override
    public CompletableFuture<Digest> completeUpload(UUID upload, Digest expected) {
        Objects.requireNonNull(upload, "upload");
        Objects.requireNonNull(expected, "expected");
        return uploads.complete(upload, expected);
    }

    @Override
    public CompletableFuture<Boolean> cancelUpload(UUID upload) {
        return uploads.cancel(Objects.requireNonNull(upload, "upload"));
    }

    /**
     * {@inheritDoc} A session's last activity is the newest modification time of its directory and files, so an
     * append still writing keeps it alive.
     */
    @Override
    public CompletableFuture<Integer> reapUploads(Duration olderThan) {
        Objects.requireNonNull(olderThan, "olderThan");
        if (olderThan.isNegative()) {
            throw new IllegalArgumentException("olderThan: " + olderThan + " (expected: >= 0)");
        }
        Instant cutoff = Instant.now().minus(olderThan);
        return onIo(() -> uploads.reap(cutoff));
    }

    /** {@inheritDoc} Always: blobs are files, writers stage in {@code tmp/}. */
    @Override
    public boolean isLocal() {
        return true;
    }

    /** Stops the sweeps, and shuts down the io pool if this store made it, letting queued work finish first (up to 10 s). */
    @Override
    public void close() {
        reaper.shutdownNow();
        if (ownedIo == null) {
            return;
        }
        ownedIo.shutdown();
        try {
            if (!ownedIo.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("blob io threads still busy 10 s after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Where the blob {@code digest} lives once committed. */
    Path blobPath(Digest digest) {
        String hex = Objects.requireNonNull(digest, "digest").hex();
        return blobs.resolve(hex.substring(0, 2)).resolve(hex);
    }

    /** The writer of {@code stagingFile} finished (committed or aborted): its file, if any is left, is an orphan. */
    void released(Path stagingFile) {
        liveStaging.remove(stagingFile);
    }

    /**
     * Deletes every file in {@code tmp/} that belongs to no live writer; blocking file work, run at open and
     * on the reaper thread.
     *
     * @return how many files it deleted
     */
    int sweepStaging() throws IOException {
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(staging)) {
            for (Path file : files) {
                if (liveStaging.contains(file) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try {
                    Files.delete(file);
                    deleted++;
                } catch (NoSuchFileException e) {
                    // committed or aborted meanwhile: its writer moved or deleted it
                }
            }
        }
        return deleted;
    }

    /**
     * Moves a verified staging file into place, durably; keeps the existing blob if there is one, and then sets its
     * modification time to now: a blob committed again counts as young for garbage collection's grace period, as a
     * new one would, so that the manifest or entry about to reference it finds it still there.
     */
    void install(Path stagingFile, Digest digest) throws IOException {
        Path target = blobPath(digest);
        Path directory = target.getParent();
        boolean newDirectory = !Files.isDirectory(directory);
        if (newDirectory) {
            Files.createDirectories(directory);
        }
        if (refreshed(target)) {
            Files.delete(stagingFile);
            return;
        }
        // A concurrent writer of the same digest may win the race: rename then replaces identical bytes.
        Files.move(stagingFile, target, StandardCopyOption.ATOMIC_MOVE);
        if (newDirectory) {
            syncDirectory(blobs);
        }
        syncDirectory(directory);
    }

    /** Sets the modification time of an existing blob to now; false when there is no such blob (any more). */
    private static boolean refreshed(Path blob) throws IOException {
        try {
            Files.setLastModifiedTime(blob, FileTime.from(Instant.now()));
            return true;
        } catch (NoSuchFileException e) {
            return false; // absent, or removed by garbage collection a moment ago: the staging file takes its place
        }
    }

    /** What a walk of the blob tree does with each blob file; blocking file work on the io executor. */
    @FunctionalInterface
    private interface BlobVisit {
        void visit(Digest digest, Path file) throws IOException;
    }

    private CompletableFuture<Void> walk(BlobVisit visit) {
        return onIo(() -> {
            try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(blobs)) {
                for (Path prefix : prefixes) {
                    visitPrefix(prefix, visit);
                }
            }
            return null;
        });
    }

    private void visitPrefix(Path prefix, BlobVisit visit) throws IOException {
        String prefixName = prefix.getFileName().toString();
        if (!Files.isDirectory(prefix)) {
            LOG.warn("ignoring {}: not a blob prefix directory", prefix);
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(prefix)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith(prefixName) && Digest.isValid(Digest.ALGORITHM + ":" + name)) {
                    visit.visit(new Digest(name), file);
                } else {
                    LOG.warn("ignoring {}: not a blob", file);
                }
            }
        }
    }

    private void sweepWhileRunning() {
        try {
            int orphans = sweepStaging();
            if (orphans > 0) {
                LOG.info("deleted {} staging file(s) of no live writer in {}", orphans, staging);
            }
        } catch (IOException | RuntimeException e) {
            // Logged, not thrown: a periodic task that throws is never run again.
            LOG.warn("sweeping staging in {} failed: {}", staging, e.toString());
        }
        try {
            int stale = uploads.reap(Instant.now().minus(uploadsMaxAge));
            if (stale > 0) {
                LOG.info("removed {} upload session(s) without an append for {}", stale, uploadsMaxAge);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("reaping upload sessions failed: {}", e.toString());
        }
    }

    private static long positiveNanos(Duration interval, String name) {
        Objects.requireNonNull(interval, name);
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException(name + ": " + interval + " (expected: > 0)");
        }
        return interval.toNanos();
    }

    static void syncDirectory(Path directory) throws IOException {
        if (SYNC_DIRECTORIES) {
            try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
                channel.force(true);
            }
        }
    }

    /** Runs {@code step} on the io executor, again and again (a fresh task each time) until it returns true. */
    CompletableFuture<Void> repeatOnIo(IoCall<Boolean> step) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        Runnable task = new Runnable() {
            @Override
            public void run() {
                try {
                    if (step.call()) {
                        result.complete(null);
                    } else {
                        io.execute(this);
                    }
                } catch (RejectedExecutionException e) {
                    result.completeExceptionally(new IllegalStateException("blob store is closed", e));
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            }
        };
        try {
            io.execute(task);
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("blob store is closed", e));
        }
        return result;
    }

    <T> CompletableFuture<T> onIo(IoCall<T> call) {
        return IoCall.on(io, call);
    }
}
