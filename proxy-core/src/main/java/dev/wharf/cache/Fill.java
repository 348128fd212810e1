package dev.wharf.cache;

import dev.wharf.codec.ContentDigest;
import dev.wharf.codec.Digest;
import dev.wharf.server.BodyStream;
import dev.wharf.storage.Futures;
import dev.wharf.storage.blob.BlobWriter;
import io.netty.util.concurrent.EventExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upstream fetch of one piece of content, shared by every request for it. The fill takes the
 * single-flight lease ({@link FillLease}), pulls the body at the store's pace ({@link FillPump}), verifies
 * and commits it ({@link FillCommit}), and outlives the clients that asked for it. Any number of clients
 * follow it from any offset ({@link #tail}), each at its own pace, reading the local spool while the fill
 * runs. The last byte becomes readable only after every digest checked out and the blob was committed; on
 * any failure nothing is committed and followers' transfers are failed. When another replica holds the
 * lease, the fill streams that replica's fill instead of the upstream ({@link PeerFills}), into the spool
 * only, and ends once the other replica's commit is recorded; should that replica stop streaming before, this
 * fill takes the lease over and fetches the content itself, its followers reading on.
 *
 * <p>Threading: state changes run on {@link #loop}; followers read the volatile progress fields from their
 * own event loops and register wake-ups with {@link #awaitProgress}.
 */
public final class Fill {
    private static final Logger LOG = LoggerFactory.getLogger(Fill.class);
    private static final int MAX_ACQUIRE_ATTEMPTS = 3;

    enum State { STARTING, RUNNING, COMMITTED, FAILED }

    private final String key;
    private final FillSource source;
    private final FillServices services;
    private final EventExecutor loop;
    private final Runnable onDone;
    private final FillLease lease;
    private final StallWatch stall;
    private final CompletableFuture<FillHead> head = new CompletableFuture<>();
    private final List<Runnable> waiters = new ArrayList<>();

    private volatile State state = State.STARTING;
    private volatile long declaredSize = -1;
    private volatile Committed committed;
    private volatile Throwable failure;
    private volatile FillPump pump;
    private volatile Path spoolFile;
    private volatile boolean spoolIsStore;
    /** True when the bytes come from another replica's fill, which commits them. */
    private boolean following;

    private BlobWriter store;
    private BlobWriter spool;
    private int acquireAttempts;
    /** True once this fill took over from the replica it followed, which it does once. */
    private boolean tookOver;

    /** @param onDone removes the fill from its engine; runs before followers learn the outcome */
    Fill(String key, FillSource source, FillServices services, EventExecutor loop, Runnable onDone) {
        this.key = key;
        this.source = source;
        this.services = services;
        this.loop = loop;
        this.onDone = onDone;
        this.lease = new FillLease(services.coordination(), key, loop, services.peerWait());
        this.stall = new StallWatch(loop, services.stallTimeout());
    }

    /** The key concurrent requests share this fill by. */
    public String key() {
        return key;
    }

    /**
     * Completes once a response head may be sent: when the upstream answered, or, for a declared empty
     * body, once the (empty) content verified, since no held-back byte could stop the client taking an
     * empty body as complete. Fails with the reason the fill failed before that.
     */
    public CompletableFuture<FillHead> head() {
        return head;
    }

    /** True once the blob is committed and recorded. */
    public boolean isCommitted() {
        return state == State.COMMITTED;
    }

    /** What was committed, once committed. */
    public Optional<Committed> committed() {
        return Optional.ofNullable(committed);
    }

    /** The failure, once failed; empty while running or after success. */
    public Optional<Throwable> failure() {
        return state == State.FAILED ? Optional.of(failure) : Optional.empty();
    }

    /**
     * How many bytes from the start a follower may send now. Before commit the last byte of a body of
     * declared length is held back, so no client ever completes a transfer of unverified bytes; with an
     * unknown length the end of the chunked body is what is held back.
     */
    public long sendableLimit() {
        Committed done = committed;
        if (done != null) {
            return done.size();
        }
        FillPump running = pump;
        if (running == null) {
            return 0;
        }
        long declared = declaredSize;
        long have = running.readable();
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

    /** The body from {@code offset} on, for one follower on {@code followerLoop}. */
    public BodyStream tail(long offset, long length, EventExecutor followerLoop) {
        return new FillTail(this, offset, length, followerLoop, services);
    }

    /** The spool file while the fill runs (null before); the committed blob's own file when {@link #spoolIsStore()}. */
    Path spoolFile() {
        return spoolFile;
    }

    /** True when followers read the store's own staging file, which commit renames into the blob. */
    boolean spoolIsStore() {
        return spoolIsStore;
    }

    void start() {
        loop.execute(this::acquire);
    }

    private void acquire() {
        acquireAttempts++;
        lease.acquire().whenCompleteAsync((held, err) -> {
            if (err != null) {
                fail(err);
            } else if (held) {
                open();
            } else {
                followPeer();
            }
        }, loop);
    }

    /** Streams the fill from the replica holding the lease, or waits for that replica if it cannot be followed. */
    private void followPeer() {
        services.peers().open(key, lease.key()).whenCompleteAsync((opened, err) -> {
            if (err != null || opened.isEmpty()) {
                awaitPeer();
            } else if (state != State.STARTING) {
                opened.get().body().close();
            } else {
                following = true;
                startStallWatch();
                begin(opened.get());
            }
        }, loop);
    }

    /** Another replica fills this content: wait for it, then serve what it committed (or try ourselves). */
    private void awaitPeer() {
        lease.awaitHolder().thenCompose(v -> source.peerResult()).whenCompleteAsync((result, err) -> {
            if (err != null) {
                fail(err);
            } else if (result.isPresent()) {
                succeed(result.get());
                head.complete(new FillHead(result.get().size(), result.get().contentType()));
            } else if (acquireAttempts < MAX_ACQUIRE_ATTEMPTS) {
                acquire();
            } else {
                fail(new FillException("the replica filling " + key + " did not commit it"));
            }
        }, loop);
    }

    private void startStallWatch() {
        stall.start(quiet -> {
            FillTimeoutException stalled = new FillTimeoutException("no progress for " + quiet
                    + " s: neither the upstream sent bytes nor the store completed a write");
            if (following && state == State.RUNNING) {
                takeOver(stalled); // the replica followed went quiet: it may be frozen or cut off
            } else {
                fail(stalled);
            }
        });
    }

    private void open() {
        startStallWatch();
        source.open().whenCompleteAsync((opened, err) -> {
            if (err != null) {
                fail(err);
                return;
            }
            if (state != State.STARTING) {
                opened.body().close();
                return;
            }
            stall.touch();
            if (opened.declaredSize() == 0 && !EmptyContent.matches(opened.expected())) {
                opened.body().close();
                fail(new FillException("the upstream declared an empty body, which does not match "
                        + opened.expected().get(0)));
                return;
            }
            begin(opened);
        }, loop);
    }

    private void begin(FillSource.Opened opened) {
        declaredSize = opened.declaredSize();
        // A follower of another replica only spools: that replica commits the content.
        // With the sha256 known up front, a store can write straight under its final key (S3: one multipart
        // upload, completed only once verified, instead of a staging object and a copy).
        store = following ? services.spool().writer() : blobWriter(opened);
        Optional<Path> staging = store.stagingFile();
        spoolIsStore = staging.isPresent() && !following;
        spool = spoolIsStore || following ? store : services.spool().writer();
        spoolFile = spool.stagingFile().orElseThrow(() -> new IllegalStateException("the spool store has no staging file"));
        if (opened.declaredSize() != 0) {
            head.complete(opened.head());
        }
        pump(opened);
    }

    private BlobWriter blobWriter(FillSource.Opened opened) {
        List<Digest> sha256 = FillCommit.sha256s(opened.expected());
        return sha256.size() == 1 ? services.blobs().writer(sha256.get(0)) : services.blobs().writer();
    }

    /** Pulls {@code opened}'s body into {@link #store} and {@link #spool}. */
    private void pump(FillSource.Opened opened) {
        ExtraDigests digests = new ExtraDigests(opened.expected(), services.fileExecutor());
        List<ContentDigest> expected = opened.expected();
        boolean fromPeer = following;
        pump = new FillPump(opened.body(), opened.declaredSize(), store, spool, digests, loop, stall, new FillPump.Listener() {
            @Override
            public void progressed() {
                wakeWaiters();
            }

            @Override
            public void ended(long size) {
                finish(digests, expected, size, opened.contentType());
            }

            @Override
            public void failed(Throwable cause) {
                if (fromPeer) {
                    takeOver(cause);
                } else {
                    fail(cause);
                }
            }
        });
        state = State.RUNNING;
        pump.start();
    }

    /**
     * The replica this one followed stopped streaming before its commit (it died, or its own fetch failed):
     * take the lease once that replica released it or it lapsed, and fetch from the upstream here. The new
     * bytes go to a blob writer of this replica and, past what the peer already sent, to the same spool, so
     * the clients reading it go on without a cut.
     */
    private void takeOver(Throwable cause) {
        if (state != State.RUNNING || tookOver) {
            fail(cause);
            return;
        }
        tookOver = true;
        LOG.info("the replica filling {} stopped streaming it ({}); fetching it here", key, Futures.unwrap(cause).toString());
        pump.stop();
        stall.stop();
        takeLease(1, spool.bytesAccepted());
    }

    private void takeLease(int attempt, long resumeAt) {
        lease.acquire().whenCompleteAsync((held, err) -> {
            if (state != State.RUNNING) {
                return;
            }
            if (err != null) {
                fail(err);
            } else if (held) {
                resume(resumeAt);
            } else if (attempt >= MAX_ACQUIRE_ATTEMPTS) {
                fail(new FillException("another replica took over the fill of " + key));
            } else {
                lease.awaitHolder().whenCompleteAsync((v, e) -> {
                    if (e != null) {
                        fail(e);
                    } else {
                        takeLease(attempt + 1, resumeAt);
                    }
                }, loop);
            }
        }, loop);
    }

    /** Holding the lease: fetches the content from the upstream, spooling only what comes after {@code resumeAt}. */
    private void resume(long resumeAt) {
        following = false;
        stall.touch(); // the wait for the lease was no stall
        startStallWatch();
        source.open().whenCompleteAsync((opened, err) -> {
            if (err != null) {
                fail(err);
                return;
            }
            if (state != State.RUNNING) {
                opened.body().close();
                return;
            }
            if (declaredSize >= 0 && opened.declaredSize() != declaredSize) {
                opened.body().close();
                fail(new FillException("the upstream declares " + opened.declaredSize() + " bytes for " + key
                        + ", the replica it took over from " + declaredSize));
                return;
            }
            stall.touch();
            BlobWriter peerSpool = spool;
            store = blobWriter(opened);
            spool = new ResumedSpool(peerSpool, resumeAt);
            pump(opened);
        }, loop);
    }

    private void finish(ExtraDigests digests, List<ContentDigest> expected, long size, String contentType) {
        if (declaredSize >= 0 && size != declaredSize) {
            fail(new FillException("the upstream body ended after " + size + " of " + declaredSize + " bytes"));
            return;
        }
        if (following) {
            finishFollowing(size);
            return;
        }
        FillCommit.run(store, digests, expected, size, contentType, source).whenCompleteAsync((done, err) -> {
            if (err != null) {
                fail(err);
            } else {
                succeed(done);
                // A declared empty body gets its head only now, verified; any other got it when the upstream answered.
                head.complete(new FillHead(size, contentType));
            }
        }, loop);
    }

    /** The other replica sent its last byte, which it does only after its commit: serve what it recorded. */
    private void finishFollowing(long size) {
        source.peerResult().whenCompleteAsync((result, err) -> {
            if (err != null) {
                fail(err);
            } else if (result.isEmpty() || result.get().size() != size) {
                fail(new FillException("the replica filling " + key + " ended its stream without committing "
                        + size + " bytes"));
            } else {
                succeed(result.get());
                head.complete(new FillHead(size, result.get().contentType()));
            }
        }, loop);
    }

    private void succeed(Committed done) {
        if (state == State.FAILED) {
            return;
        }
        stall.stop();
        committed = done;
        state = State.COMMITTED;
        if (spool != null && (spool != store || following)) {
            spool.abort();
        }
        end();
        wakeWaiters();
    }

    private void fail(Throwable cause) {
        if (state == State.COMMITTED || state == State.FAILED) {
            return;
        }
        Throwable unwrapped = Futures.unwrap(cause);
        stall.stop();
        // Out of the engine first: a request arriving from now on starts a new fill instead of joining this one.
        end();
        failure = unwrapped;
        state = State.FAILED;
        LOG.warn("fill of {} failed: {}", key, unwrapped.toString());
        if (pump != null) {
            pump.stop();
        }
        if (store != null) {
            store.abort();
        }
        if (spool != null && spool != store) {
            spool.abort();
        }
        head.completeExceptionally(unwrapped);
        wakeWaiters();
    }

    private void end() {
        lease.release();
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
