package dev.wharf.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.codec.ContentDigest;
import dev.wharf.codec.Digest;
import dev.wharf.server.BodyPiece;
import dev.wharf.server.BodyStream;
import dev.wharf.storage.ByteSource;
import dev.wharf.storage.blob.BlobContent;
import dev.wharf.storage.blob.BlobInfo;
import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.blob.BlobWriter;
import dev.wharf.storage.blob.DigestMismatchException;
import dev.wharf.storage.blob.FilesystemBlobStore;
import dev.wharf.storage.coord.LocalCoordination;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.EventExecutor;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class FillEngineTest {
    private static final Duration STALL = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private FilesystemBlobStore blobs;
    private FilesystemBlobStore spool;
    private LocalCoordination coordination;
    private EventLoopGroup loops;
    private ExecutorService files;
    private FillEngine engine;

    @BeforeEach
    void setUp() {
        blobs = FilesystemBlobStore.open(dir.resolve("blobs"));
        spool = FilesystemBlobStore.open(dir.resolve("spool"));
        coordination = new LocalCoordination();
        loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        files = Executors.newFixedThreadPool(2);
        engine = engine(blobs, STALL);
    }

    private FillEngine engine(BlobStore store, Duration stall) {
        return engine(store, stall, Duration.ofSeconds(5));
    }

    private FillEngine engine(BlobStore store, Duration stall, Duration peerWait) {
        return new FillEngine(new FillServices(store, spool, coordination, files, stall, peerWait), loops);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        files.shutdownNow();
        coordination.close();
        spool.close();
        blobs.close();
    }

    @Test
    void concurrentJoinsShareOneUpstreamFetch() throws Exception {
        byte[] content = random(300_000);
        FakeSource source = new FakeSource(sha256(content), content.length);
        FillEngine.Joined first = engine.join("k", source);
        for (int i = 0; i < 20; i++) {
            FillEngine.Joined other = engine.join("k", new FakeSource(sha256(content), content.length));
            assertThat(other.fill()).isSameAs(first.fill());
            assertThat(other.started()).isFalse();
        }
        source.body.feed(content, 64 * 1024).end();
        awaitDone(first.fill());
        assertThat(first.fill().isCommitted()).isTrue();
        assertThat(source.opens).hasValue(1);
        assertThat(source.committed.get().size()).isEqualTo(content.length);
        assertThat(readBlob(sha256(content))).isEqualTo(content);
        assertThat(engine.activeCount()).isZero();
    }

    @Test
    void aFollowerGetsEveryByteAndTheLastOnlyAfterTheDigestCheckedOut() throws Exception {
        byte[] content = random(100_000);
        FakeSource source = new FakeSource(sha256(content), content.length);
        Fill fill = engine.join("k", source).fill();
        source.body.feed(content, 10_000);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fill.sendableLimit() == content.length - 1);
        assertThat(fill.isCommitted()).isFalse();
        CompletableFuture<byte[]> followed = follow(fill, 0, true);
        Thread.sleep(200);
        assertThat(followed).isNotDone();
        source.body.end();
        assertThat(followed.get(10, TimeUnit.SECONDS)).isEqualTo(content);
        assertThat(fill.sendableLimit()).isEqualTo(content.length);
    }

    @Test
    void aFollowerStartingWhileTheCommitRecordsTheBlobWaitsForItInsteadOfFailing() throws Exception {
        byte[] content = random(5_000);
        FakeSource source = new FakeSource(sha256(content), content.length);
        source.recording = new CompletableFuture<>();
        Fill fill = engine.join("k", source).fill();
        source.body.feed(content, 1_000).end();
        // The blob is renamed into place (the staging file is gone) but not recorded yet.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> blobs.stat(sha256(content)).get().isPresent());
        assertThat(fill.isCommitted()).isFalse();
        CompletableFuture<byte[]> followed = follow(fill, 0, true);
        Thread.sleep(200);
        assertThat(followed).isNotDone();
        source.recording.complete(null);
        assertThat(followed.get(10, TimeUnit.SECONDS)).isEqualTo(content);
    }

    @Test
    void aFollowerMayStartAtAnOffsetAndReadBuffersInsteadOfFileSlices() throws Exception {
        byte[] content = random(200_000);
        FakeSource source = new FakeSource(sha256(content), content.length);
        Fill fill = engine.join("k", source).fill();
        CompletableFuture<byte[]> tail = follow(fill, 150_000, false);
        source.body.feed(content, 7_000).end();
        assertThat(tail.get(10, TimeUnit.SECONDS)).isEqualTo(Arrays.copyOfRange(content, 150_000, content.length));
        assertThat(follow(fill, 0, false).get(10, TimeUnit.SECONDS)).isEqualTo(content);
    }

    @Test
    void followersOfAStoreWithoutAStagingFileReadTheLocalSpool() throws Exception {
        byte[] content = random(250_000);
        BlobStore remoteLike = new WithoutStagingFile(blobs);
        FillEngine engine = engine(remoteLike, STALL);
        FakeSource source = new FakeSource(sha256(content), content.length);
        Fill fill = engine.join("k", source).fill();
        source.body.feed(content, 20_000);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fill.sendableLimit() == content.length - 1);
        assertThat(fill.isCommitted()).isFalse();
        CompletableFuture<byte[]> followed = follow(fill, 0, true);
        source.body.end();
        assertThat(followed.get(10, TimeUnit.SECONDS)).isEqualTo(content);
        awaitDone(fill);
        assertThat(readBlob(sha256(content))).isEqualTo(content);
        assertNoStaging(dir.resolve("spool"));
    }

    @Test
    void truncatedBodyCommitsNothingAndFailsItsFollowers() throws Exception {
        byte[] content = random(100_000);
        FakeSource source = new FakeSource(sha256(content), content.length);
        Fill fill = engine.join("k", source).fill();
        CompletableFuture<byte[]> followed = follow(fill, 0, true);
        source.body.feed(Arrays.copyOf(content, 50_000), 10_000).end();
        awaitDone(fill);
        assertThat(fill.failure()).get().isInstanceOf(FillException.class);
        assertThatThrownBy(() -> followed.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        assertNothingStored(sha256(content));
        assertThat(source.committed.get()).isNull();
    }

    @Test
    void bytesNotMatchingTheDigestCommitNothingAndNoFollowerGetsThemWhole() throws Exception {
        byte[] content = random(100_000);
        byte[] wrong = content.clone();
        wrong[77_777] ^= 1;
        FakeSource source = new FakeSource(sha256(content), content.length);
        Fill fill = engine.join("k", source).fill();
        CompletableFuture<byte[]> followed = follow(fill, 0, true);
        source.body.feed(wrong, 8192).end();
        awaitDone(fill);
        assertThat(fill.failure()).get().isInstanceOf(DigestMismatchException.class);
        assertThatThrownBy(() -> followed.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(DigestMismatchException.class);
        assertNothingStored(sha256(content));
    }

    @Test
    void otherAlgorithmsAreVerifiedToo() throws Exception {
        byte[] content = random(90_000);
        ContentDigest sha512 = ContentDigest.ofBytes(ContentDigest.Algorithm.SHA512,
                ContentDigest.Algorithm.SHA512.newHasher().digest(content));
        FakeSource good = new FakeSource(List.of(sha512), content.length);
        Fill fill = engine.join("good", good).fill();
        good.body.feed(content, 9_000).end();
        awaitDone(fill);
        assertThat(fill.isCommitted()).isTrue();
        assertThat(good.committed.get().digest()).isEqualTo(sha256(content));

        byte[] other = random(90_001);
        FakeSource bad = new FakeSource(List.of(sha512), other.length);
        Fill badFill = engine.join("bad", bad).fill();
        bad.body.feed(other, 9_000).end();
        awaitDone(badFill);
        assertThat(badFill.failure()).get().isInstanceOf(FillException.class).asString().contains("sha512");
        assertNothingStored(sha256(other));
    }

    @Test
    void contentWithoutAnyDigestIsCommittedUnderItsSha256() throws Exception {
        byte[] content = random(40_000);
        FakeSource source = new FakeSource(List.of(), -1);
        Fill fill = engine.join("k", source).fill();
        source.body.feed(content, 4_000).end();
        awaitDone(fill);
        assertThat(fill.committed()).get().extracting(Committed::digest).isEqualTo(sha256(content));
        assertThat(readBlob(sha256(content))).isEqualTo(content);
    }

    @Test
    void bodyLongerThanDeclaredFails() throws Exception {
        byte[] content = random(10_000);
        FakeSource source = new FakeSource(sha256(content), content.length - 1);
        Fill fill = engine.join("k", source).fill();
        source.body.feed(content, 4096).end();
        awaitDone(fill);
        assertThat(fill.failure()).get().isInstanceOf(FillException.class);
        assertNothingStored(sha256(content));
    }

    @Test
    void aDeclaredEmptyBodyThatCannotHaveTheDigestFailsBeforeAnyHead() throws Exception {
        byte[] content = random(1_000);
        FakeSource source = new FakeSource(sha256(content), 0);
        Fill fill = engine.join("k", source).fill();
        assertThatThrownBy(() -> fill.head().get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(FillException.class)
                .hasMessageContaining("empty body");
        assertNothingStored(sha256(content));
    }

    @Test
    void aDeclaredEmptyBodyOfTheEmptyDigestGetsItsHeadOnceVerified() throws Exception {
        FakeSource source = new FakeSource(sha256(new byte[0]), 0);
        Fill fill = engine.join("k", source).fill();
        source.body.end();
        assertThat(fill.head().get(5, TimeUnit.SECONDS).declaredSize()).isZero();
        assertThat(fill.isCommitted()).isTrue();
    }

    @Test
    void upstreamFailureFailsTheHeadAndAllowsANewFill() throws Exception {
        Digest digest = sha256(new byte[] {1});
        FakeSource failing = new FakeSource(digest, 1);
        failing.openFailure = new IllegalStateException("upstream down");
        Fill fill = engine.join("k", failing).fill();
        assertThatThrownBy(() -> fill.head().get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("upstream down");
        assertThat(engine.activeCount()).isZero();
        FillEngine.Joined again = engine.join("k", new FakeSource(digest, 1));
        assertThat(again.started()).isTrue();
    }

    @Test
    void aFailedFillHasLeftTheEngineBeforeItsFollowersHearOfIt() throws Exception {
        byte[] content = random(50_000);
        FakeSource source = new FakeSource(sha256(content), content.length);
        Fill fill = engine.join("k", source).fill();
        source.body.feed(Arrays.copyOf(content, 10_000), 5_000);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> fill.sendableLimit() > 0);
        AtomicBoolean stillThere = new AtomicBoolean(true);
        CompletableFuture<Void> woken = new CompletableFuture<>();
        fill.awaitProgress(fill.sendableLimit(), () -> {
            stillThere.set(engine.running("k").isPresent());
            woken.complete(null);
        });
        source.body.fail(new IllegalStateException("connection reset"));
        woken.get(5, TimeUnit.SECONDS);
        assertThat(fill.failure()).isPresent();
        assertThat(stillThere).isFalse();
    }

    @Test
    void anUpstreamThatStopsSendingFailsTheFillAfterTheStallTimeout() throws Exception {
        byte[] content = random(50_000);
        FillEngine engine = engine(blobs, Duration.ofMillis(500));
        FakeSource source = new FakeSource(sha256(content), content.length);
        Fill fill = engine.join("k", source).fill();
        source.body.feed(Arrays.copyOf(content, 20_000), 5_000);
        awaitDone(fill);
        assertThat(fill.failure()).get().isInstanceOf(FillTimeoutException.class).asString().contains("no progress");
        assertThat(engine.activeCount()).isZero();
        assertThat(source.body.closed).isTrue();
        assertNothingStored(sha256(content));
    }

    @Test
    void aStoreThatStopsCompletingWritesFailsTheFillAndANewOneStarts() throws Exception {
        byte[] content = random(50_000);
        StallingStore stalling = new StallingStore(blobs);
        FillEngine engine = engine(stalling, Duration.ofMillis(500));
        FakeSource source = new FakeSource(sha256(content), content.length);
        Fill fill = engine.join("k", source).fill();
        source.body.feed(content, 5_000).end();
        awaitDone(fill);
        assertThat(fill.failure()).get().isInstanceOf(FillTimeoutException.class);
        assertThat(stalling.aborted).isTrue();
        assertThat(engine.join("k", new FakeSource(sha256(content), content.length)).started()).isTrue();
    }

    @Test
    void readingPausesWhileTheWriterHoldsItsWindow() throws Exception {
        byte[] content = random(2_000_000);
        StallingStore stalling = new StallingStore(blobs);
        stalling.window = 100_000;
        FillEngine engine = engine(stalling, STALL);
        FakeSource source = new FakeSource(sha256(content), content.length);
        Fill fill = engine.join("k", source).fill();
        source.body.feed(content, 10_000);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> stalling.accepted.get() >= 100_000);
        Thread.sleep(300);
        assertThat(stalling.accepted.get()).isLessThan(200_000);
        assertThat(source.body.taken.get()).isLessThan(content.length);
        assertThat(fill.isCommitted()).isFalse();
    }

    @Test
    void waitingTooLongForAnotherReplicasFillIsATimeout() throws Exception {
        assertThat(coordination.tryAcquire("fill:k", Duration.ofMinutes(1)).get(5, TimeUnit.SECONDS)).isPresent();
        FillEngine engine = engine(blobs, STALL, Duration.ofMillis(300));
        FakeSource source = new FakeSource(sha256(new byte[] {1}), 1);
        Fill fill = engine.join("k", source).fill();
        assertThatThrownBy(() -> fill.head().get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(FillTimeoutException.class);
        assertThat(source.opens).hasValue(0);
    }

    @Test
    void unknownLengthBodyIsCommittedWhenItsDigestMatches() throws Exception {
        byte[] content = random(70_000);
        FakeSource source = new FakeSource(sha256(content), -1);
        Fill fill = engine.join("k", source).fill();
        CompletableFuture<byte[]> followed = follow(fill, 0, true);
        source.body.feed(content, 30_000).end();
        assertThat(followed.get(10, TimeUnit.SECONDS)).isEqualTo(content);
        assertThat(fill.isCommitted()).isTrue();
        assertThat(fill.committed()).get().extracting(Committed::size).isEqualTo((long) content.length);
    }

    /** Reads a follower of the fill to its end, on the fill's own loop (any loop will do). */
    private CompletableFuture<byte[]> follow(Fill fill, long offset, boolean fileSlices) {
        EventExecutor loop = loops.next();
        BodyStream tail = fill.tail(offset, -1, loop);
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        loop.execute(() -> read(tail, fileSlices, out, result));
        return result.whenComplete((b, e) -> loop.execute(tail::close));
    }

    private void read(BodyStream tail, boolean fileSlices, ByteArrayOutputStream out, CompletableFuture<byte[]> result) {
        tail.next(64 * 1024, fileSlices).whenComplete((piece, err) -> {
            try {
                if (err != null) {
                    result.completeExceptionally(err);
                    return;
                }
                if (piece == null) {
                    result.complete(out.toByteArray());
                    return;
                }
                if (piece instanceof BodyPiece.Buffer buffer) {
                    byte[] bytes = new byte[buffer.buf().readableBytes()];
                    buffer.buf().readBytes(bytes);
                    buffer.buf().release();
                    out.writeBytes(bytes);
                } else {
                    BodyPiece.FileSlice slice = (BodyPiece.FileSlice) piece;
                    ByteBuffer bytes = ByteBuffer.allocate((int) slice.length());
                    while (bytes.hasRemaining()) {
                        slice.file().read(bytes, slice.position() + bytes.position());
                    }
                    out.writeBytes(bytes.array());
                }
                loops.next().execute(() -> read(tail, fileSlices, out, result));
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
    }

    private void awaitDone(Fill fill) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fill.isCommitted() || fill.failure().isPresent());
    }

    private byte[] readBlob(Digest digest) throws Exception {
        return Files.readAllBytes(dir.resolve("blobs").resolve("sha256").resolve(digest.hex().substring(0, 2)).resolve(digest.hex()));
    }

    private void assertNothingStored(Digest digest) throws Exception {
        assertThat(blobs.stat(digest).get(5, TimeUnit.SECONDS)).isEmpty();
        assertNoStaging(dir.resolve("blobs"));
        assertNoStaging(dir.resolve("spool"));
    }

    private static void assertNoStaging(Path store) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
            Path tmp = store.resolve("tmp");
            if (!Files.exists(tmp)) {
                return true;
            }
            try (Stream<Path> left = Files.list(tmp)) {
                return left.findAny().isEmpty();
            }
        });
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static Digest sha256(byte[] b) {
        return Digest.ofBytes(ContentDigest.Algorithm.SHA256.newHasher().digest(b));
    }

    /** A fill source whose body the test feeds by hand. */
    private static final class FakeSource implements FillSource {
        final List<ContentDigest> expected;
        final long declared;
        final ControlledBody body = new ControlledBody();
        final AtomicInteger opens = new AtomicInteger();
        final java.util.concurrent.atomic.AtomicReference<Committed> committed = new java.util.concurrent.atomic.AtomicReference<>();
        RuntimeException openFailure;
        /** When set, recording the committed blob waits for it. */
        volatile CompletableFuture<Void> recording;

        FakeSource(Digest digest, long declared) {
            this(List.of(ContentDigest.of(digest)), declared);
        }

        FakeSource(List<ContentDigest> expected, long declared) {
            this.expected = expected;
            this.declared = declared;
        }

        @Override
        public CompletableFuture<Opened> open() {
            opens.incrementAndGet();
            if (openFailure != null) {
                return CompletableFuture.failedFuture(openFailure);
            }
            return CompletableFuture.completedFuture(new Opened(declared, "application/octet-stream", expected, body));
        }

        @Override
        public CompletableFuture<Void> committed(Committed blob) {
            committed.set(blob);
            return recording != null ? recording : CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Optional<Committed>> peerResult() {
            return CompletableFuture.completedFuture(Optional.empty());
        }
    }

    /** A body stream fed by the test; buffers not yet taken are released on close. */
    private static final class ControlledBody implements ByteSource {
        private final Queue<Object> ready = new ArrayDeque<>();
        private CompletableFuture<ByteBuf> waiting;
        private final AtomicLong taken = new AtomicLong();
        volatile boolean closed;

        synchronized ControlledBody feed(byte[] content, int chunk) {
            for (int off = 0; off < content.length; off += chunk) {
                offer(Unpooled.copiedBuffer(content, off, Math.min(chunk, content.length - off)));
            }
            return this;
        }

        synchronized void end() {
            offer(Boolean.TRUE);
        }

        synchronized void fail(RuntimeException cause) {
            offer(cause);
        }

        private void offer(Object item) {
            if (closed) {
                release(item);
                return;
            }
            if (waiting != null) {
                CompletableFuture<ByteBuf> w = waiting;
                waiting = null;
                deliver(w, item);
            } else {
                ready.add(item);
            }
        }

        private void deliver(CompletableFuture<ByteBuf> to, Object item) {
            if (item instanceof ByteBuf buf) {
                taken.addAndGet(buf.readableBytes());
                to.complete(buf);
            } else if (item instanceof RuntimeException e) {
                to.completeExceptionally(e);
            } else {
                to.complete(null);
            }
        }

        /** The caller owns the returned buffer. */
        @Override
        public synchronized CompletableFuture<ByteBuf> next() {
            Object item = ready.poll();
            CompletableFuture<ByteBuf> f = new CompletableFuture<>();
            if (item != null) {
                deliver(f, item);
            } else {
                waiting = f;
            }
            return f;
        }

        @Override
        public synchronized void close() {
            closed = true;
            for (Object item; (item = ready.poll()) != null; ) {
                release(item);
            }
        }

        private static void release(Object item) {
            if (item instanceof ByteBuf buf) {
                buf.release();
            }
        }
    }

    /** A store whose writers have no local staging file, as a remote object store's do. */
    private static final class WithoutStagingFile extends ForwardingStore {
        WithoutStagingFile(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public BlobWriter writer() {
            return new ForwardingWriter(delegate.writer()) {
                @Override
                public Optional<Path> stagingFile() {
                    return Optional.empty();
                }
            };
        }
    }

    /** A store whose writes are accepted and never complete (a stalled disk), with a window the test sets. */
    private static final class StallingStore extends ForwardingStore {
        final AtomicLong accepted = new AtomicLong();
        volatile boolean aborted;
        volatile long window = 4L << 20;

        StallingStore(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public BlobWriter writer() {
            BlobWriter real = delegate.writer();
            return new ForwardingWriter(real) {
                @Override
                public CompletableFuture<Void> write(ByteBuf buf) {
                    accepted.addAndGet(buf.readableBytes());
                    buf.release();
                    return new CompletableFuture<>();
                }

                @Override
                public long bytesAccepted() {
                    return accepted.get();
                }

                @Override
                public long bytesStored() {
                    return 0;
                }

                @Override
                public long windowBytes() {
                    return window;
                }

                @Override
                public CompletableFuture<Digest> commit(Digest expected) {
                    return new CompletableFuture<>();
                }

                @Override
                public CompletableFuture<Void> abort() {
                    aborted = true;
                    return real.abort();
                }
            };
        }
    }

    /** Passes everything to another store. */
    private static class ForwardingStore implements BlobStore {
        final BlobStore delegate;

        ForwardingStore(BlobStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public CompletableFuture<Optional<Long>> stat(Digest digest) {
            return delegate.stat(digest);
        }

        @Override
        public CompletableFuture<Optional<BlobContent>> open(Digest digest) {
            return delegate.open(digest);
        }

        @Override
        public BlobWriter writer() {
            return delegate.writer();
        }

        @Override
        public CompletableFuture<Boolean> delete(Digest digest) {
            return delegate.delete(digest);
        }

        @Override
        public CompletableFuture<Void> forEach(Consumer<Digest> visitor) {
            return delegate.forEach(visitor);
        }

        @Override
        public CompletableFuture<Optional<BlobInfo>> info(Digest digest) {
            return delegate.info(digest);
        }

        @Override
        public CompletableFuture<Optional<Long>> refresh(Digest digest) {
            return delegate.refresh(digest);
        }

        @Override
        public CompletableFuture<Void> forEachInfo(Consumer<BlobInfo> visitor) {
            return delegate.forEachInfo(visitor);
        }

        @Override
        public CompletableFuture<UUID> createUpload() {
            return delegate.createUpload();
        }

        @Override
        public CompletableFuture<Long> appendUpload(UUID upload, long offset, ByteSource chunk) {
            return delegate.appendUpload(upload, offset, chunk);
        }

        @Override
        public CompletableFuture<Optional<Long>> uploadSize(UUID upload) {
            return delegate.uploadSize(upload);
        }

        @Override
        public CompletableFuture<Digest> completeUpload(UUID upload, Digest expected) {
            return delegate.completeUpload(upload, expected);
        }

        @Override
        public CompletableFuture<Boolean> cancelUpload(UUID upload) {
            return delegate.cancelUpload(upload);
        }

        @Override
        public CompletableFuture<Integer> reapUploads(Duration olderThan) {
            return delegate.reapUploads(olderThan);
        }

        @Override
        public void close() {
        }
    }

    /** Passes everything to another writer. */
    private static class ForwardingWriter implements BlobWriter {
        final BlobWriter delegate;

        ForwardingWriter(BlobWriter delegate) {
            this.delegate = delegate;
        }

        @Override
        public CompletableFuture<Void> write(ByteBuf buf) {
            return delegate.write(buf);
        }

        @Override
        public long bytesAccepted() {
            return delegate.bytesAccepted();
        }

        @Override
        public long bytesStored() {
            return delegate.bytesStored();
        }

        @Override
        public Optional<Path> stagingFile() {
            return delegate.stagingFile();
        }

        @Override
        public CompletableFuture<Digest> commit(Digest expected) {
            return delegate.commit(expected);
        }

        @Override
        public CompletableFuture<Digest> commit() {
            return delegate.commit();
        }

        @Override
        public long windowBytes() {
            return delegate.windowBytes();
        }

        @Override
        public CompletableFuture<Void> abort() {
            return delegate.abort();
        }
    }
}
