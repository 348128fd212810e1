package dev.wharf.storage.blob;

import dev.wharf.codec.Digest;
import dev.wharf.storage.DaemonThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
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
 * └── tmp/                          writes in progress, one file per {@link BlobWriter}
 *     └── 3f6c1e0a-...(random)      renamed into sha256/ on commit, deleted on abort
 * </pre>
 *
 * <p>All file work runs on the io executor, never on the caller's thread; futures complete there. Staging
 * files older than one hour found at start are leftovers of a crash and are deleted.
 */
public final class FilesystemBlobStore implements BlobStore {
    /** Staging files older than this at start belong to no live writer. */
    static final Duration STALE_STAGING_AGE = Duration.ofHours(1);
    private static final int OWNED_IO_THREADS = 4;
    private static final Logger LOG = LoggerFactory.getLogger(FilesystemBlobStore.class);
    // Windows cannot open a directory as a channel; its NTFS metadata is journaled anyway.
    private static final boolean SYNC_DIRECTORIES = !System.getProperty("os.name", "").startsWith("Windows");

    private final Path blobs;
    private final Path staging;
    private final Executor io;
    private final ExecutorService ownedIo;

    /**
     * A store under {@code root} (created if missing) doing its file work on {@code ioExecutor}, which
     * the caller owns and shuts down. Cleans stale staging files before returning.
     *
     * @throws UncheckedIOException when the directories cannot be created or cleaned
     */
    public FilesystemBlobStore(Path root, Executor ioExecutor) {
        this(root, ioExecutor, null);
    }

    private FilesystemBlobStore(Path root, Executor io, ExecutorService ownedIo) {
        Objects.requireNonNull(root, "root");
        this.io = Objects.requireNonNull(io, "ioExecutor");
        this.ownedIo = ownedIo;
        this.blobs = root.resolve(Digest.ALGORITHM);
        this.staging = root.resolve("tmp");
        try {
            Files.createDirectories(blobs);
            Files.createDirectories(staging);
            deleteStaleStaging(Instant.now().minus(STALE_STAGING_AGE));
        } catch (IOException e) {
            throw new UncheckedIOException("blob store at " + root, e);
        }
    }

    /** A store under {@code root} with its own pool of 4 daemon io threads ({@code wharf-blob-io-N}), shut down by {@link #close()}. */
    public static FilesystemBlobStore open(Path root) {
        ExecutorService pool = Executors.newFixedThreadPool(OWNED_IO_THREADS, new DaemonThreadFactory("wharf-blob-io"));
        try {
            return new FilesystemBlobStore(root, pool, pool);
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
        return new FileBlobWriter(this, staging.resolve(UUID.randomUUID().toString()), io);
    }

    @Override
    public CompletableFuture<Boolean> delete(Digest digest) {
        Path path = blobPath(digest);
        return onIo(() -> Files.deleteIfExists(path));
    }

    /** {@inheritDoc} The visitor runs on the io executor; a file in the tree that is not a blob is logged and skipped. */
    @Override
    public CompletableFuture<Void> forEach(Consumer<Digest> visitor) {
        Objects.requireNonNull(visitor, "visitor");
        return onIo(() -> {
            try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(blobs)) {
                for (Path prefix : prefixes) {
                    visitPrefix(prefix, visitor);
                }
            }
            return null;
        });
    }

    /** Shuts down the io pool if this store made it, letting queued work finish first (up to 10 s). */
    @Override
    public void close() {
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

    /** Moves a verified staging file into place, durably; keeps the existing blob if there is one. */
    void install(Path stagingFile, Digest digest) throws IOException {
        Path target = blobPath(digest);
        Path directory = target.getParent();
        boolean newDirectory = !Files.isDirectory(directory);
        if (newDirectory) {
            Files.createDirectories(directory);
        }
        if (Files.exists(target)) {
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

    private void visitPrefix(Path prefix, Consumer<Digest> visitor) throws IOException {
        String prefixName = prefix.getFileName().toString();
        if (!Files.isDirectory(prefix)) {
            LOG.warn("ignoring {}: not a blob prefix directory", prefix);
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(prefix)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith(prefixName) && Digest.isValid(Digest.ALGORITHM + ":" + name)) {
                    visitor.accept(new Digest(name));
                } else {
                    LOG.warn("ignoring {}: not a blob", file);
                }
            }
        }
    }

    private void deleteStaleStaging(Instant cutoff) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(staging)) {
            for (Path file : files) {
                try {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                        Files.delete(file);
                        LOG.info("deleted stale staging file {}", file);
                    }
                } catch (NoSuchFileException e) {
                    // gone already: another process cleaned it
                }
            }
        }
    }

    private static void syncDirectory(Path directory) throws IOException {
        if (SYNC_DIRECTORIES) {
            try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
                channel.force(true);
            }
        }
    }

    private <T> CompletableFuture<T> onIo(IoCall<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            io.execute(() -> {
                try {
                    result.complete(call.call());
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("blob store is closed", e));
        }
        return result;
    }
}
