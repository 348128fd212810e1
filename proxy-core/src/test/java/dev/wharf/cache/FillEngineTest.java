package dev.wharf.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.codec.Digest;
import dev.wharf.storage.ByteSource;
import dev.wharf.storage.blob.DigestMismatchException;
import dev.wharf.storage.blob.FilesystemBlobStore;
import dev.wharf.storage.coord.LocalCoordination;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class FillEngineTest {
    @TempDir
    Path dir;
    private FilesystemBlobStore blobs;
    private LocalCoordination coordination;
    private EventLoopGroup loops;
    private ExecutorService files;
    private FillEngine engine;

    @BeforeEach
    void setUp() {
        blobs = FilesystemBlobStore.open(dir);
        coordination = new LocalCoordination();
        loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        files = Executors.newFixedThreadPool(2);
        engine = new FillEngine(blobs, coordination, loops, files);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        files.shutdownNow();
        coordination.close();
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
        assertThat(source.committedSize).hasValue(content.length);
        assertThat(readBlob(sha256(content))).isEqualTo(content);
        assertThat(engine.activeCount()).isZero();
    }

    @Test
    void lastByteIsHeldBackUntilTheDigestCheckedOut() throws Exception {
        byte[] content = random(100_000);
        FakeSource source = new FakeSource(sha256(content), content.length);
        Fill fill = engine.join("k", source).fill();
        source.body.feed(content, 10_000);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fill.sendableLimit() == content.length - 1);
        assertThat(fill.isCommitted()).isFalse();
        source.body.end();
        awaitDone(fill);
        assertThat(fill.sendableLimit()).isEqualTo(content.length);
    }

    @Test
    void truncatedBodyCommitsNothing() throws Exception {
        byte[] content = random(100_000);
        FakeSource source = new FakeSource(sha256(content), content.length);
        Fill fill = engine.join("k", source).fill();
        source.body.feed(Arrays.copyOf(content, 50_000), 10_000).end();
        awaitDone(fill);
        assertThat(fill.failure()).get().isInstanceOf(FillException.class);
        assertNothingStored(sha256(content));
        assertThat(source.committedSize).hasValue(-1);
    }

    @Test
    void bytesNotMatchingTheDigestCommitNothing() throws Exception {
        byte[] content = random(100_000);
        byte[] wrong = content.clone();
        wrong[77_777] ^= 1;
        FakeSource source = new FakeSource(sha256(content), content.length);
        Fill fill = engine.join("k", source).fill();
        source.body.feed(wrong, 8192).end();
        awaitDone(fill);
        assertThat(fill.failure()).get().isInstanceOf(DigestMismatchException.class);
        assertThat(fill.sendableLimit()).isLessThan(content.length);
        assertNothingStored(sha256(content));
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
    void upstreamFailureFailsTheHeadAndAllowsANewFill() throws Exception {
        Digest digest = sha256(new byte[] {1});
        FakeSource failing = new FakeSource(digest, 1);
        failing.openFailure = new IllegalStateException("upstream down");
        Fill fill = engine.join("k", failing).fill();
        assertThatThrownBy(() -> fill.head().get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("upstream down");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> engine.activeCount() == 0);
        FillEngine.Joined again = engine.join("k", new FakeSource(digest, 1));
        assertThat(again.started()).isTrue();
    }

    @Test
    void unknownLengthBodyIsCommittedWhenItsDigestMatches() throws Exception {
        byte[] content = random(70_000);
        FakeSource source = new FakeSource(sha256(content), -1);
        Fill fill = engine.join("k", source).fill();
        source.body.feed(content, 30_000).end();
        awaitDone(fill);
        assertThat(fill.isCommitted()).isTrue();
        assertThat(fill.committedSize()).isEqualTo(content.length);
    }

    private void awaitDone(Fill fill) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fill.isCommitted() || fill.failure().isPresent());
    }

    private byte[] readBlob(Digest digest) throws Exception {
        return Files.readAllBytes(dir.resolve("sha256").resolve(digest.hex().substring(0, 2)).resolve(digest.hex()));
    }

    private void assertNothingStored(Digest digest) throws Exception {
        assertThat(blobs.stat(digest).get(5, TimeUnit.SECONDS)).isEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
            Path tmp = dir.resolve("tmp");
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
        return Digest.sha256Of(b);
    }

    /** A fill source whose body the test feeds by hand. */
    private static final class FakeSource implements FillSource {
        final Digest digest;
        final long declared;
        final ControlledBody body = new ControlledBody();
        final AtomicInteger opens = new AtomicInteger();
        final AtomicInteger committedSize = new AtomicInteger(-1);
        RuntimeException openFailure;

        FakeSource(Digest digest, long declared) {
            this.digest = digest;
            this.declared = declared;
        }

        @Override
        public Digest digest() {
            return digest;
        }

        @Override
        public CompletableFuture<Opened> open() {
            opens.incrementAndGet();
            if (openFailure != null) {
                return CompletableFuture.failedFuture(openFailure);
            }
            return CompletableFuture.completedFuture(new Opened(new FillHead(declared, "application/octet-stream"), body));
        }

        @Override
        public CompletableFuture<Void> committed(long size, String contentType) {
            committedSize.set((int) size);
            return CompletableFuture.completedFuture(null);
        }
    }

    /** A body stream fed by the test; buffers not yet taken are released on close. */
    private static final class ControlledBody implements ByteSource {
        private final Queue<Optional<ByteBuf>> ready = new ArrayDeque<>();
        private CompletableFuture<ByteBuf> waiting;
        private boolean closed;

        synchronized ControlledBody feed(byte[] content, int chunk) {
            for (int off = 0; off < content.length; off += chunk) {
                offer(Optional.of(Unpooled.copiedBuffer(content, off, Math.min(chunk, content.length - off))));
            }
            return this;
        }

        synchronized void end() {
            offer(Optional.empty());
        }

        private void offer(Optional<ByteBuf> item) {
            if (closed) {
                item.ifPresent(ByteBuf::release);
                return;
            }
            if (waiting != null) {
                CompletableFuture<ByteBuf> w = waiting;
                waiting = null;
                w.complete(item.orElse(null));
            } else {
                ready.add(item);
            }
        }

        /** The caller owns the returned buffer. */
        @Override
        public synchronized CompletableFuture<ByteBuf> next() {
            Optional<ByteBuf> item = ready.poll();
            if (item != null) {
                return CompletableFuture.completedFuture(item.orElse(null));
            }
            waiting = new CompletableFuture<>();
            return waiting;
        }

        @Override
        public synchronized void close() {
            closed = true;
            for (Optional<ByteBuf> item; (item = ready.poll()) != null; ) {
                item.ifPresent(ByteBuf::release);
            }
        }
    }
}
