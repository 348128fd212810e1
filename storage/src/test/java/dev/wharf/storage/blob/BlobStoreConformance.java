package dev.wharf.storage.blob;

import static dev.wharf.storage.testing.Await.failure;
import static dev.wharf.storage.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.codec.Digest;
import dev.wharf.storage.ByteSource;
import dev.wharf.storage.Futures;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link BlobStore} must show, run against each implementation by subclassing. Each
 * test removes the blobs it committed; afterwards the store must list no blob and hold no staging data,
 * or the test fails (the leftovers are removed either way, so a shared backend stays clean).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class BlobStoreConformance {
    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;

    /** The store under test, fresh for each test. */
    protected BlobStore store;

    /** A store to test; it may share a backend with earlier tests, which left it empty. */
    protected abstract BlobStore createStore() throws Exception;

    /**
     * Another store on the same backend (directory, or bucket and prefix) as {@link #store}, as a second replica or
     * process opens it; the test closes it.
     */
    protected abstract BlobStore createPeerStore() throws Exception;

    /**
     * Fails when the store holds staging data that no writer owns any more (temp files, open uploads) or anything
     * of an upload session.
     */
    protected abstract void assertNoLeftovers() throws Exception;

    @BeforeEach
    final void openStore() throws Exception {
        store = createStore();
    }

    @AfterEach
    final void requireNothingLeftBehind() throws Exception {
        try {
            List<Digest> left = blobs();
            for (Digest digest : left) {
                result(store.delete(digest));
            }
            assertThat(left).as("blobs the test left behind").isEmpty();
            assertNoLeftovers();
        } finally {
            store.close();
        }
    }

    @Test
    void blobWrittenInManyChunksReadsBackWholeAndByRanges() {
        byte[] data = randomBytes(MIB + 123, 1);
        BlobWriter writer = store.writer();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        Random sizes = new Random(2);
        for (int offset = 0; offset < data.length; ) {
            int length = Math.min(1 + sizes.nextInt(40 * KIB), data.length - offset);
            writes.add(writer.write(direct(data, offset, length)));
            offset += length;
        }

        Digest digest = result(writer.commit(sha256(data)));

        writes.forEach(write -> result(write));
        assertThat(writes).hasSizeGreaterThan(50);
        assertThat(digest).isEqualTo(sha256(data));
        assertThat(writer.bytesStored()).isEqualTo(writer.bytesAccepted()).isEqualTo(data.length);
        assertThat(result(store.stat(digest))).contains((long) data.length);
        try (BlobContent content = result(store.open(digest)).orElseThrow()) {
            assertThat(content.size()).isEqualTo(data.length);
            assertThat(readAll(content.stream(0, data.length))).isEqualTo(data);
            long[][] ranges = {{0, 1}, {data.length - 1, 1}, {64 * KIB - 1, 64 * KIB + 2}, {12_345, 300_000}, {7, 0}};
            for (long[] range : ranges) {
                int from = (int) range[0];
                int length = (int) range[1];
                assertThat(readAll(content.stream(from, length)))
                        .as("bytes [%d, %d)", from, from + length)
                        .isEqualTo(Arrays.copyOfRange(data, from, from + length));
            }
        }
        assertThat(result(store.delete(digest))).isTrue();
    }

    @Test
    void heapCompositeAndDirectBuffersHashTheSame() {
        byte[] data = randomBytes(200 * KIB, 3);
        BlobWriter writer = store.writer();
        writer.write(Unpooled.wrappedBuffer(data, 0, 50 * KIB));
        CompositeByteBuf composite = PooledByteBufAllocator.DEFAULT.compositeDirectBuffer();
        composite.addComponent(true, direct(data, 50 * KIB, 30 * KIB));
        composite.addComponent(true, Unpooled.wrappedBuffer(data, 80 * KIB, 20 * KIB));
        writer.write(composite);
        // A slice with a reader index past its start: only the readable bytes count.
        ByteBuf offset = direct(data, 100 * KIB - 10, 100 * KIB + 10);
        offset.skipBytes(10);
        writer.write(offset);

        Digest digest = result(writer.commit(sha256(data)));

        assertThat(readBlob(digest)).isEqualTo(data);
        result(store.delete(digest));
    }

    @Test
    void wrongDigestFailsTheCommitAndStoresNothing() {
        byte[] data = "the bytes that arrived".getBytes();
        Digest promised = sha256("the bytes that were promised".getBytes());
        BlobWriter writer = store.writer();
        writer.write(direct(data, 0, data.length));

        Throwable failure = failure(writer.commit(promised));

        assertThat(failure).isInstanceOf(DigestMismatchException.class);
        DigestMismatchException mismatch = (DigestMismatchException) failure;
        assertThat(mismatch.expected()).isEqualTo(promised);
        assertThat(mismatch.actual()).isEqualTo(sha256(data));
        assertThat(result(store.stat(promised))).isEmpty();
        assertThat(result(store.stat(sha256(data)))).isEmpty();
        assertThat(blobs()).isEmpty();
        result(writer.abort()); // safe after a failed commit
        assertNoLeftoversNow();
    }

    @Test
    void abortLeavesNothing() {
        byte[] data = randomBytes(300 * KIB, 4);
        BlobWriter writer = store.writer();
        for (int offset = 0; offset < data.length; offset += 64 * KIB) {
            writer.write(direct(data, offset, Math.min(64 * KIB, data.length - offset)));
        }

        result(writer.abort());
        result(writer.abort());

        assertThat(result(store.stat(sha256(data)))).isEmpty();
        assertThat(blobs()).isEmpty();
        assertNoLeftoversNow();
    }

    @Test
    void writesAfterAbortFailAndReleaseTheirBuffers() {
        BlobWriter writer = store.writer();
        result(writer.write(direct(new byte[] {1, 2, 3}, 0, 3)));
        result(writer.abort());
        ByteBuf late = PooledByteBufAllocator.DEFAULT.directBuffer(4).writeInt(42);

        Throwable failure = failure(writer.write(late));

        assertThat(failure).isInstanceOf(IllegalStateException.class);
        assertThat(late.refCnt()).as("the refused buffer was released").isZero();
        assertThat(failure(writer.commit(sha256(new byte[] {1, 2, 3})))).isInstanceOf(IllegalStateException.class);
        assertThat(blobs()).isEmpty();
    }

    @Test
    void writesAfterCommitFailAndReleaseTheirBuffers() {
        byte[] data = {4, 5, 6};
        BlobWriter writer = store.writer();
        writer.write(direct(data, 0, data.length));
        Digest digest = result(writer.commit(sha256(data)));
        ByteBuf late = PooledByteBufAllocator.DEFAULT.directBuffer(4).writeInt(42);

        Throwable failure = failure(writer.write(late));

        assertThat(failure).isInstanceOf(IllegalStateException.class);
        assertThat(late.refCnt()).as("the refused buffer was released").isZero();
        assertThat(readBlob(digest)).isEqualTo(data);
        result(store.delete(digest));
    }

    @Test
    void committingABlobThatExistsSucceedsAndKeepsOneCopy() {
        byte[] data = randomBytes(100 * KIB, 5);
        Digest first = commit(data);

        Digest second = commit(data);

        assertThat(second).isEqualTo(first);
        assertThat(blobs()).containsExactly(first);
        assertThat(readBlob(first)).isEqualTo(data);
        result(store.delete(first));
    }

    @Test
    void concurrentWritersOfOneDigestBothSucceedAndOneBlobResults() throws Exception {
        byte[] data = randomBytes(3 * MIB, 6);
        Digest digest = sha256(data);
        ExecutorService producers = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Digest>> commits = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                commits.add(CompletableFuture.supplyAsync(() -> {
                    awaitLatch(start);
                    BlobWriter writer = store.writer();
                    for (int offset = 0; offset < data.length; offset += 64 * KIB) {
                        writer.write(direct(data, offset, Math.min(64 * KIB, data.length - offset)));
                    }
                    return writer.commit(digest);
                }, producers).thenCompose(commit -> commit));
            }
            start.countDown();

            assertThat(result(commits.get(0))).isEqualTo(digest);
            assertThat(result(commits.get(1))).isEqualTo(digest);
        } finally {
            producers.shutdown();
        }
        assertThat(blobs()).containsExactly(digest);
        assertThat(readBlob(digest)).isEqualTo(data);
        result(store.delete(digest));
    }

    @Test
    void largeBlobStreamsWhileAReaderFollowsTheStagingFile() throws Exception {
        int chunk = 64 * KIB;
        int chunks = 1024; // 64 MiB
        BlobWriter writer = store.writer();
        CountDownLatch firstChunkStored = new CountDownLatch(1);
        CountDownLatch followerReady = new CountDownLatch(1);
        ExecutorService producerThread = Executors.newSingleThreadExecutor();
        CompletableFuture<Digest> produced = CompletableFuture.supplyAsync(() -> {
            MessageDigest expected = newSha256();
            Random random = new Random(7);
            byte[] bytes = new byte[chunk];
            Deque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
            for (int i = 0; i < chunks; i++) {
                random.nextBytes(bytes);
                expected.update(bytes);
                inFlight.add(writer.write(direct(bytes, 0, chunk)));
                if (i == 0) {
                    result(inFlight.peek());
                    firstChunkStored.countDown();
                    awaitLatch(followerReady);
                }
                // Backpressure as the writer asks for it: pause at its window, resume once down to half.
                if (writer.pendingBytes() >= writer.windowBytes()) {
                    while (writer.pendingBytes() > writer.windowBytes() / 2) {
                        result(inFlight.poll());
                    }
                }
            }
            return result(writer.commit(Digest.ofBytes(expected.digest())));
        }, producerThread);

        MessageDigest followed = newSha256();
        long read = 0;
        try {
            assertThat(firstChunkStored.await(30, TimeUnit.SECONDS)).isTrue();
            Optional<Path> staging = writer.stagingFile();
            assertThat(staging.isPresent()).as("a staging file exactly when the store is local").isEqualTo(store.isLocal());
            FileChannel file = store.isLocal() ? FileChannel.open(staging.orElseThrow(), StandardOpenOption.READ) : null;
            followerReady.countDown();
            try (file) {
                ByteBuffer buffer = ByteBuffer.allocate(256 * KIB);
                for (;;) {
                    boolean producerDone = produced.isDone();
                    long stored = writer.bytesStored();
                    long accepted = writer.bytesAccepted();
                    assertThat(stored).as("bytesStored").isLessThanOrEqualTo(accepted);
                    if (file == null) {
                        if (producerDone) {
                            break;
                        }
                    } else if (read < stored) {
                        read += readInto(file, read, stored, buffer, followed);
                    } else if (producerDone) {
                        break;
                    }
                    LockSupport.parkNanos(100_000);
                }
            }
        } finally {
            producerThread.shutdown();
        }

        Digest digest = result(produced);
        assertThat(writer.bytesStored()).isEqualTo((long) chunk * chunks);
        if (store.isLocal()) {
            assertThat(read).isEqualTo((long) chunk * chunks);
            assertThat(Digest.ofBytes(followed.digest())).as("what the follower read").isEqualTo(digest);
        }
        assertThat(result(store.stat(digest))).contains((long) chunk * chunks);
        result(store.delete(digest));
    }

    @Test
    void emptyBlobIsABlobToo() {
        Digest digest = result(store.writer().commit(sha256(new byte[0])));

        assertThat(result(store.stat(digest))).contains(0L);
        assertThat(readBlob(digest)).isEmpty();
        result(store.delete(digest));
    }

    @Test
    void commitWithoutAnExpectedDigestInstallsUnderTheSha256OfTheBytes() {
        byte[] data = randomBytes(300 * KIB + 7, 14);
        BlobWriter writer = store.writer();
        for (int offset = 0; offset < data.length; offset += 64 * KIB) {
            writer.write(direct(data, offset, Math.min(64 * KIB, data.length - offset)));
        }

        Digest digest = result(writer.commit());

        assertThat(digest).isEqualTo(sha256(data));
        assertThat(readBlob(digest)).isEqualTo(data);
        ByteBuf late = PooledByteBufAllocator.DEFAULT.directBuffer(4).writeInt(42);
        assertThat(failure(writer.write(late))).as("a write after the commit").isInstanceOf(IllegalStateException.class);
        assertThat(late.refCnt()).isZero();
        result(store.delete(digest));
    }

    @Test
    void commitWithoutAnExpectedDigestOfABlobThatExistsKeepsOneCopy() {
        byte[] data = randomBytes(70 * KIB, 15);
        Digest first = commit(data);
        BlobWriter writer = store.writer();
        writer.write(direct(data, 0, data.length));

        assertThat(result(writer.commit())).isEqualTo(first);

        assertThat(blobs()).containsExactly(first);
        assertThat(result(store.writer().commit())).as("an empty blob").isEqualTo(sha256(new byte[0]));
        result(store.delete(sha256(new byte[0])));
        result(store.delete(first));
    }

    @Test
    void theWriterNamesItsWindow() {
        BlobWriter writer = store.writer();

        assertThat(writer.windowBytes()).as("bytes in flight before the producer pauses").isPositive();

        result(writer.abort());
    }

    @Test
    void aWriterForAKnownDigestCommitsUnderIt() {
        byte[] data = randomBytes(300 * KIB + 11, 16);
        Digest expected = sha256(data);
        BlobWriter writer = store.writer(expected);
        for (int offset = 0; offset < data.length; offset += 64 * KIB) {
            writer.write(direct(data, offset, Math.min(64 * KIB, data.length - offset)));
        }

        assertThat(result(writer.commit(expected))).isEqualTo(expected);

        assertThat(readBlob(expected)).isEqualTo(data);
        assertThat(blobs()).containsExactly(expected);
        result(store.delete(expected));
    }

    @Test
    void aWriterForAKnownDigestStoresNothingWhenTheBytesDoNotMatch() {
        byte[] data = randomBytes(200 * KIB, 17);
        Digest promised = sha256("something else".getBytes());
        BlobWriter writer = store.writer(promised);
        writer.write(direct(data, 0, data.length));

        Throwable failure = failure(writer.commit(promised));

        assertThat(failure).isInstanceOf(DigestMismatchException.class);
        assertThat(((DigestMismatchException) failure).actual()).isEqualTo(sha256(data));
        assertThat(result(store.stat(promised))).isEmpty();
        assertThat(blobs()).isEmpty();
        result(writer.abort());
        assertNoLeftoversNow();
    }

    @Test
    void forEachInfoGivesEachBlobsSizeAndAge() {
        Instant before = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        Digest small = commit("small".getBytes());
        Digest larger = commit(randomBytes(70 * KIB, 18));
        List<BlobInfo> infos = Collections.synchronizedList(new ArrayList<>());

        result(store.forEachInfo(infos::add));

        assertThat(infos).extracting(BlobInfo::digest).containsExactlyInAnyOrder(small, larger);
        assertThat(infos).filteredOn(info -> info.digest().equals(small)).extracting(BlobInfo::size).containsExactly(5L);
        assertThat(infos).filteredOn(info -> info.digest().equals(larger)).extracting(BlobInfo::size)
                .containsExactly(70L * KIB);
        assertThat(infos).allSatisfy(info -> assertThat(info.lastModified())
                .isAfterOrEqualTo(before).isBeforeOrEqualTo(Instant.now().plusSeconds(5)));
        result(store.delete(small));
        result(store.delete(larger));
    }

    @Test
    void refreshingAStoredBlobMakesItYoungAgain() throws InterruptedException {
        byte[] data = randomBytes(4 * KIB, 86);
        Digest digest = sha256(data);
        commit(data);
        Instant first = result(store.info(digest)).orElseThrow().lastModified();
        Thread.sleep(1_100); // S3 keeps Last-Modified to the second
        assertThat(result(store.refresh(digest))).hasValue((long) data.length);
        assertThat(result(store.info(digest)).orElseThrow().lastModified()).isAfter(first);
        assertThat(readBlob(digest)).isEqualTo(data);
        assertThat(result(store.delete(digest))).isTrue();
        assertThat(result(store.refresh(digest))).as("an absent blob").isEmpty();
    }

    @Test
    void committingAnExistingBlobAgainMakesItYoungAgain() throws InterruptedException {
        // One blob per way a blob gets committed: a writer learning the digest at commit or knowing it up front,
        // each below and above S3's part size (one PUT, or a multipart upload in place or staged and copied), and
        // an upload session.
        byte[] small = randomBytes(10 * KIB, 81);
        byte[] smallKnown = randomBytes(12 * KIB, 82);
        byte[] large = randomBytes(5 * MIB + 1, 83);
        byte[] largeKnown = randomBytes(5 * MIB + 2, 84);
        byte[] uploaded = randomBytes(3 * KIB, 85);
        List<byte[]> all = List.of(small, smallKnown, large, largeKnown, uploaded);
        all.forEach(this::commit);
        Map<Digest, Instant> first = ages();
        Thread.sleep(1_100); // S3 keeps Last-Modified to the second

        recommit(store.writer(), small);
        recommit(store.writer(sha256(smallKnown)), smallKnown);
        recommit(store.writer(), large);
        recommit(store.writer(sha256(largeKnown)), largeKnown);
        UUID upload = result(store.createUpload());
        result(store.appendUpload(upload, 0, new ChunkSource(uploaded, KIB)));
        assertThat(result(store.completeUpload(upload, sha256(uploaded)))).isEqualTo(sha256(uploaded));

        Map<Digest, Instant> again = ages();
        assertThat(again).hasSize(all.size());
        for (byte[] data : all) {
            Digest digest = sha256(data);
            assertThat(again.get(digest)).as("age of %s (%d bytes) after its second commit", digest, data.length)
                    .isAfter(first.get(digest));
            assertThat(result(store.info(digest))).as("info of %s", digest)
                    .contains(new BlobInfo(digest, data.length, again.get(digest)));
            assertThat(readBlob(digest)).isEqualTo(data);
            assertThat(result(store.delete(digest))).isTrue();
        }
    }

    private void recommit(BlobWriter writer, byte[] data) {
        for (int offset = 0; offset < data.length; offset += 64 * KIB) {
            writer.write(direct(data, offset, Math.min(64 * KIB, data.length - offset)));
        }
        assertThat(result(writer.commit(sha256(data)))).isEqualTo(sha256(data));
    }

    private Map<Digest, Instant> ages() {
        Map<Digest, Instant> ages = new ConcurrentHashMap<>();
        result(store.forEachInfo(info -> ages.put(info.digest(), info.lastModified())));
        return ages;
    }

    @Test
    void contentOffersAFileExactlyWhenTheStoreIsLocal() throws IOException {
        byte[] data = randomBytes(10 * KIB, 19);
        Digest digest = commit(data);
        BlobWriter writer = store.writer();
        assertThat(writer.stagingFile().isPresent()).as("the writer's staging file").isEqualTo(store.isLocal());
        result(writer.abort());
        try (BlobContent content = result(store.open(digest)).orElseThrow()) {
            assertThat(content.file().isPresent()).as("the content's file").isEqualTo(store.isLocal());
            Optional<FileChannel> taken = content.takeFile();
            assertThat(taken.isPresent()).as("the content's file, taken").isEqualTo(store.isLocal());
            if (taken.isPresent()) {
                assertThat(taken.get().size()).isEqualTo(data.length);
                taken.get().close();
            } else {
                assertThat(readAll(content.stream(0, data.length))).isEqualTo(data);
            }
        }
        result(store.delete(digest));
    }

    @Test
    void missingBlobIsAbsent() {
        Digest missing = sha256("never stored".getBytes());

        assertThat(result(store.info(missing))).isEmpty();
        assertThat(result(store.stat(missing))).isEmpty();
        assertThat(result(store.open(missing))).isEmpty();
        assertThat(result(store.delete(missing))).isFalse();
    }

    @Test
    void deleteRemovesTheBlob() {
        Digest digest = commit("short-lived".getBytes());

        assertThat(result(store.delete(digest))).isTrue();

        assertThat(result(store.stat(digest))).isEmpty();
        assertThat(result(store.open(digest))).isEmpty();
        assertThat(blobs()).isEmpty();
    }

    @Test
    void forEachVisitsEveryBlobOnce() {
        List<Digest> committed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            committed.add(commit(("blob number " + i).getBytes()));
        }

        assertThat(blobs()).containsExactlyInAnyOrderElementsOf(committed);

        committed.forEach(digest -> result(store.delete(digest)));
    }

    @Test
    void streamOutlivesItsContent() {
        byte[] data = randomBytes(200 * KIB, 8);
        Digest digest = commit(data);
        ByteSource stream;
        try (BlobContent content = result(store.open(digest)).orElseThrow()) {
            stream = content.stream(0, data.length);
        }

        assertThat(readAll(stream)).isEqualTo(data);
        result(store.delete(digest));
    }

    @Test
    void closingAStreamEarlyStopsIt() {
        byte[] data = randomBytes(300 * KIB, 9);
        Digest digest = commit(data);
        try (BlobContent content = result(store.open(digest)).orElseThrow()) {
            ByteSource stream = content.stream(0, data.length);
            ByteBuf first = result(stream.next());
            assertThat(first.readableBytes()).isPositive();
            first.release();

            stream.close();
            stream.close();

            assertThat(failure(stream.next())).isInstanceOf(IllegalStateException.class);
        }
        result(store.delete(digest));
    }

    @Test
    void rangeOutsideTheBlobIsRejected() {
        Digest digest = commit(new byte[100]);
        try (BlobContent content = result(store.open(digest)).orElseThrow()) {
            assertThatThrownBy(() -> content.stream(90, 11)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> content.stream(-1, 10)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> content.stream(0, -1)).isInstanceOf(IllegalArgumentException.class);
        }
        result(store.delete(digest));
    }

    @Test
    void anUploadInChunksOfEverySizeCompletesToItsBlob() {
        byte[] data = randomBytes(700 * KIB + 3, 60);
        int[] chunks = {1, 1, 100 * KIB, 0, 1, 300 * KIB + 7, 40 * KIB};
        UUID upload = result(store.createUpload());
        assertThat(result(store.uploadSize(upload))).as("a new session").contains(0L);

        long offset = 0;
        for (int length : chunks) {
            ChunkSource chunk = new ChunkSource(Arrays.copyOfRange(data, (int) offset, (int) offset + length), 16 * KIB);
            long size = result(store.appendUpload(upload, offset, chunk));
            assertThat(size).as("the size after a chunk of %d bytes", length).isEqualTo(offset + length);
            assertThat(chunk.closed()).as("the chunk's source was closed").isTrue();
            assertThat(result(store.uploadSize(upload))).contains(size);
            offset = size;
        }
        ChunkSource last = new ChunkSource(Arrays.copyOfRange(data, (int) offset, data.length), 64 * KIB);
        assertThat(result(store.appendUpload(upload, offset, last))).isEqualTo(data.length);
        assertThat(result(store.stat(sha256(data)))).as("nothing visible before the complete").isEmpty();

        Digest digest = result(store.completeUpload(upload, sha256(data)));

        assertThat(digest).isEqualTo(sha256(data));
        assertThat(readBlob(digest)).isEqualTo(data);
        assertThat(blobs()).containsExactly(digest);
        assertThat(result(store.uploadSize(upload))).as("the session is gone").isEmpty();
        assertThat(failure(store.completeUpload(upload, digest))).as("a second complete")
                .isInstanceOf(UnknownUploadException.class);
        result(store.delete(digest));
    }

    @Test
    void anEmptyUploadCompletesToTheEmptyBlob() {
        UUID upload = result(store.createUpload());
        assertThat(result(store.appendUpload(upload, 0, new ChunkSource(new byte[0], KIB)))).isZero();

        Digest digest = result(store.completeUpload(upload, sha256(new byte[0])));

        assertThat(result(store.stat(digest))).contains(0L);
        assertThat(result(store.uploadSize(upload))).isEmpty();
        result(store.delete(digest));
    }

    @Test
    void aChunkAtAnotherOffsetThanTheSizeIsRefusedUnreadAndChangesNothing() {
        UUID upload = result(store.createUpload());
        result(store.appendUpload(upload, 0, new ChunkSource(new byte[] {1, 2, 3}, KIB)));

        for (long offset : new long[] {5, 0, 2}) {
            ChunkSource chunk = new ChunkSource(randomBytes(10 * KIB, 61), KIB);
            Throwable failure = failure(store.appendUpload(upload, offset, chunk));

            assertThat(failure).as("a chunk at %d", offset).isInstanceOf(UploadOffsetException.class);
            UploadOffsetException refused = (UploadOffsetException) failure;
            assertThat(refused.upload()).isEqualTo(upload);
            assertThat(refused.offset()).isEqualTo(offset);
            assertThat(refused.size()).as("where the client must resume").isEqualTo(3);
            assertThat(chunk.pulled()).as("bytes read of a refused chunk").isZero();
            assertThat(chunk.closed()).isTrue();
        }
        assertThatThrownBy(() -> result(store.appendUpload(upload, -1, new ChunkSource(new byte[1], 1))))
                .hasCauseInstanceOf(IllegalArgumentException.class);

        assertThat(result(store.uploadSize(upload))).contains(3L);
        assertThat(result(store.cancelUpload(upload))).isTrue();
    }

    @Test
    void ofConcurrentAppendsAtOneOffsetThroughTwoStoresExactlyOneWins() throws Exception {
        int appends = 4;
        try (BlobStore peer = createPeerStore()) {
            UUID upload = result(store.createUpload());
            result(store.appendUpload(upload, 0, new ChunkSource(new byte[] {7}, 1)));
            CompletableFuture<Void> release = new CompletableFuture<>();
            CountDownLatch allStreamed = new CountDownLatch(appends);
            List<byte[]> contents = new ArrayList<>();
            List<CompletableFuture<Long>> results = new ArrayList<>();
            for (int i = 0; i < appends; i++) {
                byte[] content = randomBytes(20 * KIB + i, 62 + i);
                contents.add(content);
                // Each chunk's end is held back until every append streamed its bytes: all of them checked the
                // offset before any could count.
                ChunkSource chunk = new ChunkSource(content, 4 * KIB, release, allStreamed::countDown, -1);
                results.add((i % 2 == 0 ? store : peer).appendUpload(upload, 1, chunk));
            }
            assertThat(allStreamed.await(30, TimeUnit.SECONDS)).as("every append streamed its chunk").isTrue();
            release.complete(null);

            List<Integer> winners = new ArrayList<>();
            for (int i = 0; i < appends; i++) {
                CompletableFuture<Long> outcome = results.get(i);
                try {
                    outcome.get(30, TimeUnit.SECONDS);
                    winners.add(i);
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).as("a losing append").isInstanceOf(UploadOffsetException.class);
                }
            }
            assertThat(winners).as("appends that won").hasSize(1);
            byte[] won = contents.get(winners.get(0));
            assertThat(result(results.get(winners.get(0)))).isEqualTo(1L + won.length);
            for (CompletableFuture<Long> outcome : results) {
                if (outcome.isCompletedExceptionally()) {
                    assertThat(((UploadOffsetException) failure(outcome)).size()).isEqualTo(1L + won.length);
                }
            }
            assertThat(result(peer.uploadSize(upload))).contains(1L + won.length);
            byte[] expected = concat(new byte[] {7}, won);

            Digest digest = result(store.completeUpload(upload, sha256(expected)));

            assertThat(readBlob(digest)).isEqualTo(expected);
            result(store.delete(digest));
        }
    }

    @Test
    void anAppendThatFailsMidwayCountsNothing() {
        byte[] data = randomBytes(200 * KIB, 63);
        UUID upload = result(store.createUpload());
        result(store.appendUpload(upload, 0, new ChunkSource(Arrays.copyOf(data, 2), KIB)));
        byte[] rest = Arrays.copyOfRange(data, 2, data.length);
        ChunkSource broken = new ChunkSource(rest, 8 * KIB, CompletableFuture.completedFuture(null), () -> { },
                100 * KIB);

        Throwable failure = failure(store.appendUpload(upload, 2, broken));

        assertThat(Futures.unwrap(failure)).hasMessageContaining("the client went away");
        assertThat(broken.closed()).isTrue();
        assertThat(result(store.uploadSize(upload))).as("the size after a failed append").contains(2L);
        assertThat(result(store.appendUpload(upload, 2, new ChunkSource(rest, 8 * KIB)))).isEqualTo(data.length);
        Digest digest = result(store.completeUpload(upload, sha256(data)));
        assertThat(readBlob(digest)).isEqualTo(data);
        result(store.delete(digest));
    }

    @Test
    void aDigestMismatchMakesNothingVisibleAndCancelsTheSession() {
        byte[] data = randomBytes(90 * KIB, 64);
        Digest promised = sha256("the promised bytes".getBytes());
        UUID upload = result(store.createUpload());
        result(store.appendUpload(upload, 0, new ChunkSource(Arrays.copyOf(data, 50 * KIB), 8 * KIB)));
        result(store.appendUpload(upload, 50 * KIB, new ChunkSource(Arrays.copyOfRange(data, 50 * KIB, data.length), KIB)));

        Throwable failure = failure(store.completeUpload(upload, promised));

        assertThat(failure).isInstanceOf(DigestMismatchException.class);
        assertThat(((DigestMismatchException) failure).actual()).isEqualTo(sha256(data));
        assertThat(result(store.stat(promised))).isEmpty();
        assertThat(result(store.stat(sha256(data)))).isEmpty();
        assertThat(blobs()).isEmpty();
        assertThat(result(store.uploadSize(upload))).as("the session was cancelled").isEmpty();
        assertNoLeftoversNow();
    }

    @Test
    void cancelRemovesTheSessionAndEveryChunk() {
        UUID upload = result(store.createUpload());
        long size = 0;
        for (int i = 0; i < 3; i++) {
            size = result(store.appendUpload(upload, size, new ChunkSource(randomBytes(30 * KIB, 65 + i), 8 * KIB)));
        }

        assertThat(result(store.cancelUpload(upload))).isTrue();

        assertThat(result(store.uploadSize(upload))).isEmpty();
        ChunkSource late = new ChunkSource(new byte[10], 10);
        assertThat(failure(store.appendUpload(upload, size, late))).isInstanceOf(UnknownUploadException.class);
        assertThat(late.closed()).isTrue();
        assertThat(failure(store.completeUpload(upload, sha256(new byte[0])))).isInstanceOf(UnknownUploadException.class);
        assertThat(result(store.cancelUpload(upload))).as("cancelling again").isFalse();
        assertThat(blobs()).isEmpty();
        assertNoLeftoversNow();
    }

    @Test
    void anUnknownUploadIsAbsentEverywhere() {
        UUID unknown = UUID.randomUUID();
        ChunkSource chunk = new ChunkSource(new byte[100], 10);

        assertThat(result(store.uploadSize(unknown))).isEmpty();
        Throwable failure = failure(store.appendUpload(unknown, 0, chunk));
        assertThat(failure).isInstanceOf(UnknownUploadException.class);
        assertThat(((UnknownUploadException) failure).upload()).isEqualTo(unknown);
        assertThat(chunk.pulled()).isZero();
        assertThat(chunk.closed()).isTrue();
        assertThat(failure(store.completeUpload(unknown, sha256(new byte[0])))).isInstanceOf(UnknownUploadException.class);
        assertThat(result(store.cancelUpload(unknown))).isFalse();
    }

    @Test
    void aSessionStartedOnOneStoreIsContinuedOnAnotherAndFinishedOnTheFirst() throws Exception {
        byte[] data = randomBytes(250 * KIB + 9, 66);
        Digest digest = sha256(data);
        try (BlobStore peer = createPeerStore()) {
            UUID upload = result(store.createUpload()); // POST on replica A

            // PATCHes on replica B, each seen by A.
            long size = 0;
            for (int end : new int[] {1, 100 * KIB, 250 * KIB}) {
                size = result(peer.appendUpload(upload, size, new ChunkSource(Arrays.copyOfRange(data, (int) size, end), 8 * KIB)));
                assertThat(result(store.uploadSize(upload))).contains(size);
            }
            // The final PUT on A, with the last bytes.
            result(store.appendUpload(upload, size, new ChunkSource(Arrays.copyOfRange(data, (int) size, data.length), KIB)));
            assertThat(result(store.completeUpload(upload, digest))).isEqualTo(digest);

            assertThat(result(peer.uploadSize(upload))).as("the session, seen from B").isEmpty();
            try (BlobContent content = result(peer.open(digest)).orElseThrow()) {
                assertThat(readAll(content.stream(0, content.size()))).as("the blob, read on B").isEqualTo(data);
            }
        }
        assertThat(readBlob(digest)).isEqualTo(data);
        result(store.delete(digest));
    }

    @Test
    void sessionsWithoutAnAppendForLongerThanTheAgeAreReapedAndTheOthersKept() throws Exception {
        UUID stale = result(store.createUpload());
        result(store.appendUpload(stale, 0, new ChunkSource(randomBytes(KIB, 67), KIB)));
        // Some servers keep object times to the second: well apart, so that truncation cannot mix them up.
        Thread.sleep(4000);
        UUID fresh = result(store.createUpload());
        result(store.appendUpload(fresh, 0, new ChunkSource(randomBytes(KIB, 68), KIB)));

        assertThat(result(store.reapUploads(Duration.ofHours(1)))).as("nothing is an hour old").isZero();
        assertThat(result(store.reapUploads(Duration.ofMillis(2500)))).as("sessions reaped").isEqualTo(1);

        assertThat(result(store.uploadSize(stale))).isEmpty();
        assertThat(result(store.uploadSize(fresh))).contains((long) KIB);
        assertThat(failure(store.appendUpload(stale, KIB, new ChunkSource(new byte[1], 1))))
                .isInstanceOf(UnknownUploadException.class);
        assertThat(result(store.cancelUpload(fresh))).isTrue();
        assertThat(result(store.reapUploads(Duration.ZERO))).as("reaping nothing").isZero();
    }

    @Test
    void completingAnUploadOfABlobThatExistsSucceedsAndKeepsOneCopy() {
        byte[] data = randomBytes(120 * KIB, 69);
        Digest first = commit(data);
        UUID upload = result(store.createUpload());
        result(store.appendUpload(upload, 0, new ChunkSource(Arrays.copyOf(data, 60 * KIB), 8 * KIB)));
        result(store.appendUpload(upload, 60 * KIB, new ChunkSource(Arrays.copyOfRange(data, 60 * KIB, data.length), 8 * KIB)));

        assertThat(result(store.completeUpload(upload, first))).isEqualTo(first);

        assertThat(blobs()).containsExactly(first);
        assertThat(readBlob(first)).isEqualTo(data);
        assertThat(result(store.uploadSize(upload))).isEmpty();
        result(store.delete(first));
    }

    /** Commits {@code data} in 64 KiB writes and returns its digest. */
    protected final Digest commit(byte[] data) {
        BlobWriter writer = store.writer();
        for (int offset = 0; offset < data.length; offset += 64 * KIB) {
            writer.write(direct(data, offset, Math.min(64 * KIB, data.length - offset)));
        }
        return result(writer.commit(sha256(data)));
    }

    /** Every blob the store lists. */
    protected final List<Digest> blobs() {
        List<Digest> visited = Collections.synchronizedList(new ArrayList<>());
        result(store.forEach(visited::add));
        return List.copyOf(visited);
    }

    /** The whole blob {@code digest}, streamed. */
    protected final byte[] readBlob(Digest digest) {
        try (BlobContent content = result(store.open(digest)).orElseThrow()) {
            return readAll(content.stream(0, content.size()));
        }
    }

    /** Reads {@code source} to its end, releasing every buffer. */
    protected static byte[] readAll(ByteSource source) {
        try (source) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (ByteBuf buf; (buf = result(source.next())) != null; ) {
                try {
                    byte[] bytes = new byte[buf.readableBytes()];
                    buf.readBytes(bytes);
                    out.write(bytes, 0, bytes.length);
                } finally {
                    buf.release();
                }
            }
            return out.toByteArray();
        }
    }

    /**
     * A chunk as a request body brings it: pooled direct buffers of up to {@code piece} bytes, made as they are
     * pulled (so the puller owns every one, and closing leaves nothing to release), every other one from another
     * thread, as a body arriving on an event loop. Optionally holds back its end until {@code end} completes
     * (after calling {@code atEnd}), or fails once {@code failAt} bytes were pulled.
     */
    protected static final class ChunkSource implements ByteSource {
        private final byte[] data;
        private final int piece;
        private final CompletableFuture<Void> end;
        private final Runnable atEnd;
        private final int failAt;
        private int position;
        private int pulls;
        private volatile boolean closed;

        public ChunkSource(byte[] data, int piece) {
            this(data, piece, CompletableFuture.completedFuture(null), () -> { }, -1);
        }

        public ChunkSource(byte[] data, int piece, CompletableFuture<Void> end, Runnable atEnd, int failAt) {
            this.data = data;
            this.piece = piece;
            this.end = end;
            this.atEnd = atEnd;
            this.failAt = failAt;
        }

        @Override
        public CompletableFuture<ByteBuf> next() {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("chunk source is closed"));
            }
            if (failAt >= 0 && position >= failAt) {
                return CompletableFuture.failedFuture(new IOException("the client went away"));
            }
            if (position == data.length) {
                atEnd.run();
                return end.thenApply(v -> null);
            }
            int length = Math.min(piece, (failAt >= 0 ? Math.min(failAt, data.length) : data.length) - position);
            ByteBuf buf = direct(data, position, length);
            position += length;
            return pulls++ % 2 == 0 ? CompletableFuture.completedFuture(buf) : CompletableFuture.supplyAsync(() -> buf);
        }

        /** Bytes pulled so far. */
        public int pulled() {
            return position;
        }

        public boolean closed() {
            return closed;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    protected static byte[] concat(byte[] first, byte[] second) {
        byte[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    /** A pooled direct buffer holding {@code data[offset, offset + length)}; the caller owns it. */
    protected static ByteBuf direct(byte[] data, int offset, int length) {
        return PooledByteBufAllocator.DEFAULT.directBuffer(length).writeBytes(data, offset, length);
    }

    protected static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    protected static Digest sha256(byte[] data) {
        return Digest.sha256Of(data);
    }

    protected final void assertNoLeftoversNow() {
        try {
            assertNoLeftovers();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long readInto(FileChannel file, long from, long to, ByteBuffer buffer, MessageDigest digest)
            throws IOException {
        long position = from;
        while (position < to) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), to - position));
            int n = file.read(buffer, position);
            assertThat(n).as("bytes readable below bytesStored").isPositive();
            buffer.flip();
            digest.update(buffer);
            position += n;
        }
        return position - from;
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
