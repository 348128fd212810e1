package dev.wharf.cache;

import dev.wharf.codec.Digest;
import dev.wharf.storage.ByteSource;
import dev.wharf.storage.Futures;
import dev.wharf.storage.blob.BlobContent;
import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.blob.BlobWriter;
import dev.wharf.storage.coord.Coordination;
import dev.wharf.storage.coord.Lease;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upstream fetch of one blob. The body is pulled from the upstream at the pace the blob writer
 * stores it (the writer hashes it on the way), never at a client's pace; any number of clients follow
 * the staged bytes from the start, each at its own pace. The last byte becomes readable only after the
 * digest checked out and the blob was committed; on any failure nothing is committed and followers
 * are told to abort their transfers.
 *
 * <p>Threading: all state changes run on {@link #loop}; followers read the volatile progress fields
 * from their own event loops and register wake-ups with {@link #awaitProgress}.
 */
public final class Fill {
    private static final Logger LOG = LoggerFactory.getLogger(Fill.class);
    /** Stop reading the upstream when this much is accepted by the writer but not yet stored. */
    static final long HIGH_WATER = 4L << 20;
    /** Resume reading once pending bytes drop to this. */
    static final long LOW_WATER = 1L << 20;
    private static final Duration LEASE_TTL = Duration.ofMinutes(2);
    private static final Duration PEER_WAIT = Duration.ofMinutes(30);
    private static final int MAX_ACQUIRE_ATTEMPTS = 3;

    enum State { STARTING, RUNNING, COMMITTED, FAILED }

    private final String key;
    private final FillSource source;
    private final BlobStore blobs;
    private final Coordination coordination;
    private final EventExecutor loop;
    private final Executor fileExecutor;
    private final Runnable onDone;
    private final CompletableFuture<FillHead> head = new CompletableFuture<>();
    private final List<Runnable> waiters = new ArrayList<>();

    private volatile State state = State.STARTING;
    private volatile long stored;
    private volatile long declaredSize = -1;
    private volatile long committedSize = -1;
    private volatile Path stagingFile;
    private volatile Throwable failure;

    private BlobWriter writer;
    private ByteSource body;
    private String contentType;
    private long received;
    private boolean reading;
    private boolean paused;
    private int acquireAttempts;
    private Lease lease;
    private ScheduledFuture<?> renewal;

    Fill(String key, FillSource source, BlobStore blobs, Coordination coordination, EventExecutor loop,
         Executor fileExecutor, Runnable onDone) {
        this.key = key;
        this.source = source;
        this.blobs = blobs;
        this.coordination = coordination;
        this.loop = loop;
        this.fileExecutor = fileExecutor;
        this.onDone = onDone;
    }

    /** The digest this fill commits. */
    public Digest digest() {
        return source.digest();
    }

    /** Completes when the upstream answered (size, type), or fails with the reason the fill failed. */
    public CompletableFuture<FillHead> head() {
        return head;
    }

    /** True once the blob is committed and its metadata recorded. */
    public boolean isCommitted() {
        return state == State.COMMITTED;
    }

    /** The failure, once failed; empty while running or after success. */
    public Optional<Throwable> failure() {
        return state == State.FAILED ? Optional.of(failure) : Optional.empty();
    }

    /** The committed size, or -1 before commit. */
    public long committedSize() {
        return committedSize;
    }

    /**
     * How many bytes from the start a follower may send now. Before commit the last byte of a body of
     * declared length is held back, so no client ever completes a transfer of unverified bytes; with an
     * unknown length the chunked terminator is what is held back.
     */
    public long sendableLimit() {
        if (state == State.COMMITTED) {
            return committedSize;
        }
        if (stagingFile == null) {
            return 0;
        }
        long declared = declaredSize;
        long have = stored;
        return declared >= 0 ? Math.min(have, declared - 1) : have;
    }

    /**
     * Runs {@code wake} (on any thread) once the sendable limit moves past {@code seenLimit} or the fill
     * ends; at once if that already happened. One-shot: register again to be woken again.
     */
    public void awaitProgress(long seenLimit, Runnable wake) {
        synchronized (waiters) {
            if (state != State.COMMITTED && state != State.FAILED && sendableLimit() <= seenLimit) {
                waiters.add(wake);
                return;
            }
        }
        wake.run();
    }

    /**
     * Opens a channel on the bytes for a follower, off the event loop: the staging file while the fill
     * runs, the committed blob after. Call only once {@link #sendableLimit()} is above zero. The caller
     * owns and closes the channel.
     */
    public CompletableFuture<FileChannel> openReader() {
        if (state == State.COMMITTED) {
            return openCommitted();
        }
        Path staging = stagingFile;
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Optional.of(FileChannel.open(staging, StandardOpenOption.READ));
            } catch (NoSuchFileException e) {
                return Optional.<FileChannel>empty();
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, fileExecutor).thenCompose(channel -> channel.map(CompletableFuture::completedFuture)
                // Renamed into place between the state check and the open: the fill has committed.
                .orElseGet(this::openCommitted));
    }

    private CompletableFuture<FileChannel> openCommitted() {
        return blobs.open(digest()).thenApply(content -> {
            BlobContent blob = content.orElseThrow(() -> new FillException("blob " + digest() + " vanished after commit"));
            try (blob) {
                return blob.takeFile().orElseThrow(() -> new FillException("blob store has no local file for " + digest()));
            }
        });
    }

    void start() {
        loop.execute(this::acquire);
    }

    private void acquire() {
        acquireAttempts++;
        coordination.tryAcquire("fill:" + key, LEASE_TTL).whenCompleteAsync((acquired, err) -> {
            if (err != null) {
                fail(err);
            } else if (acquired.isPresent()) {
                lease = acquired.get();
                renewal = loop.scheduleAtFixedRate(() -> lease.renew(LEASE_TTL),
                        LEASE_TTL.toSeconds() / 2, LEASE_TTL.toSeconds() / 2, TimeUnit.SECONDS);
                open();
            } else {
                awaitPeer();
            }
        }, loop);
    }

    /** Another replica fills this blob: wait for it, then serve what it committed (or try ourselves). */
    private void awaitPeer() {
        coordination.awaitRelease("fill:" + key, PEER_WAIT)
                .thenCompose(v -> blobs.stat(digest()))
                .whenCompleteAsync((size, err) -> {
                    if (err != null) {
                        fail(err);
                    } else if (size.isPresent()) {
                        source.committed(size.get(), null).whenCompleteAsync((v, e) -> {
                            if (e != null) {
                                fail(e);
                            } else {
                                head.complete(new FillHead(size.get(), null));
                                succeed(size.get());
                            }
                        }, loop);
                    } else if (acquireAttempts < MAX_ACQUIRE_ATTEMPTS) {
                        acquire();
                    } else {
                        fail(new FillException("the replica filling " + digest() + " did not commit it"));
                    }
                }, loop);
    }

    private void open() {
        source.open().whenCompleteAsync((opened, err) -> {
            if (err != null) {
                fail(err);
                return;
            }
            if (state != State.STARTING) {
                opened.body().close();
                return;
            }
            body = opened.body();
            contentType = opened.head().contentType();
            declaredSize = opened.head().declaredSize();
            writer = blobs.writer();
            stagingFile = writer.stagingFile().orElse(null);
            state = State.RUNNING;
            head.complete(opened.head());
            pull();
        }, loop);
    }

    private void pull() {
        if (state != State.RUNNING || reading) {
            return;
        }
        if (writer.pendingBytes() >= HIGH_WATER) {
            paused = true;
            return;
        }
        reading = true;
        body.next().whenCompleteAsync(this::onChunk, loop);
    }

    /** Takes ownership of {@code buf}: hands it to the writer, or releases it. */
    private void onChunk(ByteBuf buf, Throwable err) {
        reading = false;
        if (state != State.RUNNING) {
            if (buf != null) {
                buf.release();
            }
            return;
        }
        if (err != null) {
            fail(err);
            return;
        }
        if (buf == null) {
            finish();
            return;
        }
        received += buf.readableBytes();
        if (declaredSize >= 0 && received > declaredSize) {
            buf.release();
            fail(new FillException("upstream sent more than its Content-Length of " + declaredSize));
            return;
        }
        writer.write(buf).whenCompleteAsync(this::onWritten, loop);
        pull();
    }

    private void onWritten(Void ignored, Throwable err) {
        if (state != State.RUNNING) {
            return;
        }
        if (err != null) {
            fail(err);
            return;
        }
        stored = writer.bytesStored();
        wakeWaiters();
        if (paused && writer.pendingBytes() <= LOW_WATER) {
            paused = false;
            pull();
        }
    }

    private void finish() {
        body.close();
        if (declaredSize >= 0 && received != declaredSize) {
            fail(new FillException("upstream body ended after " + received + " of " + declaredSize + " bytes"));
            return;
        }
        long size = received;
        writer.commit(digest())
                .thenCompose(d -> source.committed(size, contentType))
                .whenCompleteAsync((v, err) -> {
                    if (err != null) {
                        fail(err);
                    } else {
                        stored = size;
                        succeed(size);
                    }
                }, loop);
    }

    private void succeed(long size) {
        if (state == State.FAILED) {
            return;
        }
        committedSize = size;
        state = State.COMMITTED;
        done();
        wakeWaiters();
    }

    private void fail(Throwable cause) {
        if (state == State.COMMITTED || state == State.FAILED) {
            return;
        }
        Throwable unwrapped = Futures.unwrap(cause);
        failure = unwrapped;
        state = State.FAILED;
        LOG.warn("fill of {} failed: {}", key, unwrapped.toString());
        head.completeExceptionally(unwrapped);
        if (body != null) {
            body.close();
        }
        if (writer != null) {
            writer.abort();
        }
        done();
        wakeWaiters();
    }

    private void done() {
        if (renewal != null) {
            renewal.cancel(false);
        }
        if (lease != null) {
            lease.release();
        }
        // After the release, so a request arriving now starts a fill that gets the lease at once.
        onDone.run();
    }

    private void wakeWaiters() {
        List<Runnable> woken;
        synchronized (waiters) {
            if (waiters.isEmpty()) {
                return;
            }
            woken = new ArrayList<>(waiters);
            waiters.clear();
        }
        woken.forEach(Runnable::run);
    }
}
