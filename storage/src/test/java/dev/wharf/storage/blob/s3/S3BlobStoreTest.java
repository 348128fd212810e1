package dev.wharf.storage.blob.s3;

import static dev.wharf.storage.testing.Await.failure;
import static dev.wharf.storage.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.codec.Digest;
import dev.wharf.storage.blob.BlobContent;
import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.blob.BlobStoreConformance;
import dev.wharf.storage.blob.BlobWriter;
import dev.wharf.storage.blob.DigestMismatchException;
import dev.wharf.storage.blob.UploadOffsetException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The conformance suite and the S3 specifics, against one s3proxy for the class. */
class S3BlobStoreTest extends BlobStoreConformance {
    static final int KIB = 1024;
    static final int MIB = 1024 * KIB;
    static final int PART = S3Settings.MIN_PART_SIZE;
    static final String BUCKET = "wharf-blobs";
    static final String PREFIX = "wharf/";

    static S3ProxyProcess s3proxy;
    static ExecutorService rawIo;
    static EventLoopGroup rawLoops;
    /** A client of its own, to look at the bucket behind the store's back. */
    static S3AsyncClient raw;

    @BeforeAll
    static void startS3proxy() throws Exception {
        s3proxy = S3ProxyProcess.start();
        rawIo = Executors.newFixedThreadPool(2);
        rawLoops = S3Clients.eventLoops();
        raw = S3Clients.create(settings(), rawLoops, rawIo);
        raw.createBucket(b -> b.bucket(BUCKET)).join();
    }

    @AfterAll
    static void stopS3proxy() {
        if (raw != null) {
            raw.close();
            rawLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            rawIo.shutdown();
        }
        if (s3proxy != null) {
            s3proxy.close();
        }
    }

    static S3Settings settings() {
        return new S3Settings(s3proxy.endpoint(), "us-east-1", BUCKET, S3ProxyProcess.ACCESS_KEY,
                S3ProxyProcess.SECRET_KEY, true, PREFIX, PART);
    }

    @Override
    protected BlobStore createStore() {
        return S3BlobStore.open(settings());
    }

    /** {@inheritDoc} A second store on the same bucket and prefix, as a second replica opens it. */
    @Override
    protected BlobStore createPeerStore() {
        return S3BlobStore.open(settings());
    }

    @Test
    void aPresignedGetServesTheBlobToAClientWithoutCredentials() throws Exception {
        byte[] data = randomBytes(MIB + 7, 51);
        Digest digest = sha256(data);
        BlobWriter writer = store.writer(digest);
        writeAll(writer, data).forEach(write -> result(write));
        result(writer.commit(digest));

        URI url = store.presignGet(digest, Duration.ofMinutes(5)).orElseThrow();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<byte[]> whole = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> ranged = http.send(HttpRequest.newBuilder(url).header("Range", "bytes=10-19").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> tampered = http.send(HttpRequest.newBuilder(URI.create(url.toString()
                .replace(digest.hex(), sha256(new byte[1]).hex()))).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(url.getRawQuery()).contains("X-Amz-Signature=").doesNotContain(S3ProxyProcess.SECRET_KEY);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(data);
        assertThat(ranged.statusCode()).isEqualTo(206);
        assertThat(ranged.body()).isEqualTo(Arrays.copyOfRange(data, 10, 20));
        assertThat(tampered.statusCode()).as("the signature covers the key").isEqualTo(403);
        result(store.delete(digest));
    }

    @Test
    void aBlobOfSeveralPartsForAKnownDigestUploadsToItsKeyAndRoundTripsByteExact() {
        byte[] data = randomBytes(17 * MIB, 31);
        Digest digest = sha256(data);
        BlobWriter writer = store.writer(digest);
        // Once every write completed, S3 acknowledged all but a part: the upload exists.
        writeAll(writer, data).forEach(write -> result(write));

        assertThat(openUploads()).as("the upload in progress targets the blob's own key")
                .extracting(MultipartUpload::key).containsExactly(blobKey(digest));
        assertThat(result(store.stat(digest))).as("nothing visible before the commit").isEmpty();

        assertThat(result(writer.commit(digest))).isEqualTo(digest);

        assertThat(readBlob(digest)).isEqualTo(data);
        assertThat(eTag(blobKey(digest))).as("5 + 5 + 5 + 2 MiB").endsWith("-4\"");
        result(store.delete(digest));
    }

    @Test
    void aBlobOfSeveralPartsOfUnknownDigestIsStagedThenCopiedIntoPlace() {
        byte[] data = randomBytes(17 * MIB, 32);
        BlobWriter writer = store.writer();
        writeAll(writer, data).forEach(write -> result(write));

        assertThat(openUploads()).as("the upload in progress is staged")
                .extracting(MultipartUpload::key).singleElement().asString().startsWith(PREFIX + "tmp/");

        Digest digest = result(writer.commit());

        assertThat(digest).isEqualTo(sha256(data));
        assertThat(readBlob(digest)).isEqualTo(data);
        assertThat(keysUnder(PREFIX)).as("the staging object is gone").containsExactly(blobKey(digest));
        result(store.delete(digest));
    }

    @Test
    void aStagedBlobAboveTheCopyLimitIsCopiedPartByPart() {
        byte[] data = randomBytes(17 * MIB, 33);
        try (S3BlobStore copyingInParts = S3BlobStore.open(settings(), PART)) {
            BlobWriter writer = copyingInParts.writer();
            writeAll(writer, data);

            Digest digest = result(writer.commit());

            assertThat(digest).isEqualTo(sha256(data));
            assertThat(eTag(blobKey(digest))).as("copied in 5 + 5 + 5 + 2 MiB").endsWith("-4\"");
            try (BlobContent content = result(copyingInParts.open(digest)).orElseThrow()) {
                assertThat(readAll(content.stream(0, content.size()))).isEqualTo(data);
            }
            assertThat(keysUnder(PREFIX)).containsExactly(blobKey(digest));
            result(copyingInParts.delete(digest));
        }
    }

    @ParameterizedTest(name = "digest known up front: {0}")
    @ValueSource(booleans = {true, false})
    void aMismatchAfterSeveralPartsLeavesNoObjectAndNoUpload(boolean known) {
        byte[] data = randomBytes(12 * MIB, 34);
        Digest promised = sha256("the promised bytes".getBytes());
        BlobWriter writer = known ? store.writer(promised) : store.writer();
        writeAll(writer, data).forEach(write -> result(write));
        assertThat(openUploads()).hasSize(1);

        Throwable failure = failure(writer.commit(promised));

        assertThat(failure).isInstanceOf(DigestMismatchException.class);
        assertThat(result(store.stat(promised))).isEmpty();
        assertThat(result(store.stat(sha256(data)))).isEmpty();
        assertThat(openUploads()).as("multipart uploads").isEmpty();
        assertThat(keysUnder(PREFIX)).as("objects, staged or not").isEmpty();
    }

    @Test
    void abortAfterPartsWereUploadedLeavesNothing() {
        byte[] data = randomBytes(12 * MIB, 35);
        BlobWriter writer = store.writer(sha256(data));
        writeAll(writer, data).forEach(write -> result(write));
        assertThat(writer.bytesStored()).isEqualTo(data.length);
        assertThat(openUploads()).hasSize(1);

        result(writer.abort());

        assertThat(openUploads()).as("multipart uploads").isEmpty();
        assertThat(keysUnder(PREFIX)).as("objects").isEmpty();
        ByteBuf late = PooledByteBufAllocator.DEFAULT.directBuffer(1).writeByte(1);
        assertThat(failure(writer.write(late))).isInstanceOf(IllegalStateException.class);
        assertThat(late.refCnt()).isZero();
    }

    @Test
    void commitUnderAnotherDigestThanTheWriterWasMadeForFailsAndLeavesNothing() {
        byte[] data = randomBytes(6 * MIB, 36);
        BlobWriter writer = store.writer(sha256(data));
        writeAll(writer, data);

        Throwable failure = failure(writer.commit(sha256("another".getBytes())));

        assertThat(failure).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(sha256(data).toString());
        assertThat(openUploads()).isEmpty();
        assertThat(keysUnder(PREFIX)).isEmpty();
    }

    @Test
    void rangeReadsReturnExactlyTheirBytesAcrossPartBoundaries() {
        byte[] data = randomBytes(11 * MIB, 37);
        Digest digest = sha256(data);
        BlobWriter writer = store.writer(digest);
        writeAll(writer, data);
        result(writer.commit(digest));

        try (BlobContent content = result(store.open(digest)).orElseThrow()) {
            assertThat(content.size()).isEqualTo(data.length);
            long[][] ranges = {{PART - 10, 20}, {2L * PART, MIB}, {data.length - 1, 1}, {0, data.length}, {123, 0}};
            for (long[] range : ranges) {
                int from = (int) range[0];
                int length = (int) range[1];
                assertThat(readAll(content.stream(from, length))).as("bytes [%d, %d)", from, from + length)
                        .isEqualTo(Arrays.copyOfRange(data, from, from + length));
            }
        }
        result(store.delete(digest));
    }

    @Test
    void aStreamTakesFromS3OnlyWhatTheConsumerAskedFor() throws InterruptedException {
        byte[] data = randomBytes(8 * MIB, 38);
        Digest digest = commit(data);
        try (BlobContent content = result(store.open(digest)).orElseThrow()) {
            PresignedRange stream = (PresignedRange) content.stream(0, data.length);
            ByteBuf first = result(stream.next());
            int firstLength = first.readableBytes();
            byte[] head = new byte[firstLength];
            first.readBytes(head);
            first.release();

            Thread.sleep(500);

            // The read-ahead bound, plus one socket read that may start just under it.
            assertThat(stream.bytesReceived()).as("bytes read from S3 while nobody asked")
                    .isLessThanOrEqualTo(firstLength + PresignedRange.READ_AHEAD + S3Http.MAX_READ);
            byte[] rest = readAll(stream);
            assertThat(concat(head, rest)).isEqualTo(data);
        }
        result(store.delete(digest));
    }

    @ParameterizedTest(name = "digest known up front: {0}")
    @ValueSource(booleans = {true, false})
    void concurrentWritersOfASeveralPartBlobBothSucceedAndOneBlobResults(boolean known) throws Exception {
        byte[] data = randomBytes(12 * MIB, 39);
        Digest digest = sha256(data);
        ExecutorService producers = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Digest>> commits = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                commits.add(CompletableFuture.supplyAsync(() -> {
                    awaitQuietly(start);
                    BlobWriter writer = known ? store.writer(digest) : store.writer();
                    writeAll(writer, data);
                    return known ? writer.commit(digest) : writer.commit();
                }, producers).thenCompose(commit -> commit));
            }
            start.countDown();

            assertThat(result(commits.get(0))).isEqualTo(digest);
            assertThat(result(commits.get(1))).isEqualTo(digest);
        } finally {
            producers.shutdown();
        }
        // The writer that found the blob committed leaves its re-commit marker, nothing else.
        assertThat(keysUnder(PREFIX)).filteredOn(key -> !key.startsWith(PREFIX + "commits/"))
                .containsExactly(blobKey(digest));
        assertThat(readBlob(digest)).isEqualTo(data);
        result(store.delete(digest));
    }

    @Test
    void theReaperAbortsOrphanedUploadsDeletesStaleStagingAndRemovesStaleSessions() throws InterruptedException {
        S3BlobStore s3 = (S3BlobStore) store;
        String orphanKey = blobKey(sha256("a fill whose replica was killed".getBytes()));
        String orphan = raw.createMultipartUpload(b -> b.bucket(BUCKET).key(orphanKey)).join().uploadId();
        raw.uploadPart(b -> b.bucket(BUCKET).key(orphanKey).uploadId(orphan).partNumber(1),
                AsyncRequestBody.fromBytes(randomBytes(KIB, 40))).join();
        String stagingKey = PREFIX + "tmp/" + UUID.randomUUID();
        raw.putObject(b -> b.bucket(BUCKET).key(stagingKey), AsyncRequestBody.fromBytes(randomBytes(KIB, 41))).join();
        // A session whose client gave up, with a chunk larger than a part still uploading when its replica died.
        UUID session = result(store.createUpload());
        result(store.appendUpload(session, 0, new ChunkSource(randomBytes(KIB, 42), KIB)));
        String bigChunkKey = PREFIX + "uploads/" + session + "/" + String.format("%019d", KIB);
        raw.createMultipartUpload(b -> b.bucket(BUCKET).key(bigChunkKey)).join();
        Thread.sleep(1100); // some servers keep upload times to the second

        assertThat(result(s3.reap(Duration.ofHours(1)))).as("nothing is an hour old")
                .isEqualTo(new S3BlobStore.Reaped(0, 0, 0));
        assertThat(openUploads()).hasSize(2);

        assertThat(result(s3.reap(Duration.ZERO))).isEqualTo(new S3BlobStore.Reaped(1, 1, 1));

        assertThat(openUploads()).as("multipart uploads, the session's chunk's too").isEmpty();
        assertThat(keysUnder(PREFIX)).isEmpty();
        assertThat(result(store.uploadSize(session))).isEmpty();
        assertThat(result(s3.reap(Duration.ZERO))).as("reaping again").isEqualTo(new S3BlobStore.Reaped(0, 0, 0));
    }

    @Test
    void theReaperSparesAnOldUploadThatStillStoresParts() throws InterruptedException {
        byte[] data = randomBytes(2 * PART + MIB, 42);
        Digest digest = sha256(data);
        BlobWriter writer = store.writer(digest);
        result(writer.write(Unpooled.wrappedBuffer(data, 0, PART + 1))); // the upload starts with part 1
        Thread.sleep(3100);
        result(writer.write(Unpooled.wrappedBuffer(data, PART + 1, PART))); // part 2, while the fill goes on
        Thread.sleep(500);

        // Started more than 2 s ago, but its last part is younger than that (even kept to the second, as
        // s3proxy keeps part times): a live fill, not an orphan.
        assertThat(result(((S3BlobStore) store).reap(Duration.ofSeconds(2))).uploadsAborted()).isZero();

        result(writer.write(Unpooled.wrappedBuffer(data, 2 * PART + 1, data.length - 2 * PART - 1)));
        assertThat(result(writer.commit(digest))).isEqualTo(digest);
        assertThat(readBlob(digest)).isEqualTo(data);
        result(store.delete(digest));
    }

    @Test
    void anUploadSessionIsAMarkerAndOneObjectPerChunkNamedByItsOffset() {
        UUID upload = result(store.createUpload());
        String session = PREFIX + "uploads/" + upload + "/";
        assertThat(keysUnder(session)).containsExactly(session + "started");

        result(store.appendUpload(upload, 0, new ChunkSource(randomBytes(3, 43), 1)));
        result(store.appendUpload(upload, 3, new ChunkSource(randomBytes(70_000, 44), 8 * KIB)));

        assertThat(keysUnder(session)).containsExactly(session + "0000000000000000000", session + "0000000000000000003",
                session + "started");
        assertThat(raw.headObject(b -> b.bucket(BUCKET).key(session + "0000000000000000003")).join().contentLength())
                .isEqualTo(70_000L);
        assertThat(result(store.cancelUpload(upload))).isTrue();
        assertThat(keysUnder(session)).isEmpty();
    }

    @Test
    void aChunkLargerThanAPartStreamsAsAMultipartUploadToItsKey() {
        byte[] data = randomBytes(2 * PART + MIB + 5, 45);
        UUID upload = result(store.createUpload());
        result(store.appendUpload(upload, 0, new ChunkSource(new byte[] {9}, 1)));
        String chunkKey = PREFIX + "uploads/" + upload + "/" + String.format("%019d", 1);

        assertThat(result(store.appendUpload(upload, 1, new ChunkSource(data, 64 * KIB)))).isEqualTo(1L + data.length);

        assertThat(eTag(chunkKey)).as("5 + 5 + 1 MiB").endsWith("-3\"");
        assertThat(openUploads()).isEmpty();
        byte[] whole = concat(new byte[] {9}, data);
        Digest digest = result(store.completeUpload(upload, sha256(whole)));
        assertThat(readBlob(digest)).isEqualTo(whole);
        assertThat(keysUnder(PREFIX)).as("only the blob is left").containsExactly(blobKey(digest));
        result(store.delete(digest));
    }

    @Test
    void ofTwoChunksLargerThanAPartAtOneOffsetOneWinsAndTheOtherLeavesNoUpload() throws Exception {
        UUID upload = result(store.createUpload());
        CompletableFuture<Void> release = new CompletableFuture<>();
        CountDownLatch streamed = new CountDownLatch(2);
        byte[] first = randomBytes(PART + 7, 46);
        byte[] second = randomBytes(PART + 9, 47);
        CompletableFuture<Long> a = store.appendUpload(upload, 0,
                new ChunkSource(first, 64 * KIB, release, streamed::countDown, -1));
        CompletableFuture<Long> b = store.appendUpload(upload, 0,
                new ChunkSource(second, 64 * KIB, release, streamed::countDown, -1));
        assertThat(streamed.await(30, TimeUnit.SECONDS)).isTrue();
        release.complete(null);

        CompletableFuture.allOf(a, b).handle((v, e) -> null).get(30, TimeUnit.SECONDS);

        assertThat(a.isCompletedExceptionally()).as("exactly one wins").isNotEqualTo(b.isCompletedExceptionally());
        CompletableFuture<Long> lost = a.isCompletedExceptionally() ? a : b;
        long won = a.isCompletedExceptionally() ? second.length : first.length;
        assertThat(failure(lost)).isInstanceOf(UploadOffsetException.class);
        assertThat(result(store.uploadSize(upload))).contains(won);
        assertThat(openUploads()).as("the loser's multipart upload was aborted").isEmpty();
        assertThat(result(store.cancelUpload(upload))).isTrue();
    }

    @Test
    void cancelAbortsAChunkUploadStillOpen() {
        UUID upload = result(store.createUpload());
        String chunkKey = PREFIX + "uploads/" + upload + "/" + String.format("%019d", 0);
        raw.createMultipartUpload(b -> b.bucket(BUCKET).key(chunkKey)).join();

        assertThat(result(store.cancelUpload(upload))).isTrue();

        assertThat(openUploads()).isEmpty();
        assertThat(keysUnder(PREFIX)).isEmpty();
    }

    @Test
    void memoryStaysAtAboutThreePartsWhileALargeBlobStreamsIn() throws NoSuchAlgorithmException {
        AtomicLong live = new AtomicLong();
        AtomicLong peak = new AtomicLong();
        int chunk = 64 * KIB;
        int chunks = 60 * MIB / chunk;
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        Random random = new Random(42);
        byte[] bytes = new byte[chunk];
        BlobWriter writer = store.writer();
        Deque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
        for (int i = 0; i < chunks; i++) {
            random.nextBytes(bytes);
            expected.update(bytes);
            inFlight.add(writer.write(new CountedBuf(chunk, live, peak).writeBytes(bytes)));
            awaitWindow(writer, inFlight);
        }

        Digest digest = result(writer.commit(Digest.ofBytes(expected.digest())));

        assertThat(peak.get()).as("bytes held at most: 3 parts of %d, and a chunk", PART)
                .isGreaterThanOrEqualTo(PART).isLessThanOrEqualTo(3L * PART + chunk);
        assertThat(live.get()).as("bytes held after the commit").isZero();
        assertThat(result(store.stat(digest))).contains((long) chunks * chunk);
        result(store.delete(digest));
    }

    @Test
    void committedBlobsLiveUnderThePrefixByDigestAndOtherKeysThereAreNotBlobs() {
        Digest digest = commit("laid out by digest".getBytes());
        assertThat(keysUnder("")).containsExactly(PREFIX + "blobs/sha256/" + digest.hex());
        String foreign = PREFIX + "blobs/sha256/notes.txt";
        raw.putObject(b -> b.bucket(BUCKET).key(foreign), AsyncRequestBody.fromString("not a blob")).join();

        assertThat(blobs()).containsExactly(digest);

        raw.deleteObject(b -> b.bucket(BUCKET).key(foreign)).join();
        result(store.delete(digest));
    }

    @Test
    void aWriterWantsTwoPartsInFlightAndHasNoStagingFile() {
        BlobWriter writer = store.writer();

        assertThat(writer.windowBytes()).isEqualTo(2L * PART);
        assertThat(writer.stagingFile()).isEmpty();
        assertThat(store.isLocal()).isFalse();

        result(writer.abort());
    }

    @Test
    void aBucketThatCannotBeReachedFailsTheOpen() {
        S3Settings missing = new S3Settings(s3proxy.endpoint(), "us-east-1", "no-such-bucket",
                S3ProxyProcess.ACCESS_KEY, S3ProxyProcess.SECRET_KEY, true, PREFIX, PART);

        assertThatThrownBy(() -> S3BlobStore.open(missing)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no-such-bucket");
    }

    /**
     * Writes {@code data} in 64 KiB chunks as a producer must: pausing at the writer's window, resuming once down
     * to half of it. Returns the writes not yet waited for.
     */
    static Deque<CompletableFuture<Void>> writeAll(BlobWriter writer, byte[] data) {
        Deque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
        for (int offset = 0; offset < data.length; offset += 64 * KIB) {
            inFlight.add(writer.write(direct(data, offset, Math.min(64 * KIB, data.length - offset))));
            awaitWindow(writer, inFlight);
        }
        return inFlight;
    }

    private static void awaitWindow(BlobWriter writer, Deque<CompletableFuture<Void>> inFlight) {
        if (writer.pendingBytes() >= writer.windowBytes()) {
            while (writer.pendingBytes() > writer.windowBytes() / 2) {
                result(inFlight.poll());
            }
        }
    }

    /** A heap buffer that counts the bytes of every such buffer not yet freed, and the most ever. */
    private static final class CountedBuf extends UnpooledHeapByteBuf {
        private final int size;
        private final AtomicLong live;

        CountedBuf(int size, AtomicLong live, AtomicLong peak) {
            super(UnpooledByteBufAllocator.DEFAULT, size, size);
            this.size = size;
            this.live = live;
            peak.accumulateAndGet(live.addAndGet(size), Math::max);
        }

        @Override
        protected void deallocate() {
            super.deallocate();
            live.addAndGet(-size);
        }
    }

    private static String blobKey(Digest digest) {
        return PREFIX + "blobs/sha256/" + digest.hex();
    }

    private static String eTag(String key) {
        return raw.headObject(b -> b.bucket(BUCKET).key(key)).join().eTag();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Open multipart uploads, staging objects and objects of upload sessions fail the test, and are removed either way. */
    @Override
    protected void assertNoLeftovers() {
        List<MultipartUpload> uploads = openUploads();
        List<String> staged = keysUnder(PREFIX + "tmp/");
        List<String> sessions = keysUnder(PREFIX + "uploads/");
        List<String> marks = keysUnder(PREFIX + "commits/");
        uploads.forEach(u -> raw.abortMultipartUpload(b -> b.bucket(BUCKET).key(u.key()).uploadId(u.uploadId())).join());
        staged.forEach(key -> raw.deleteObject(b -> b.bucket(BUCKET).key(key)).join());
        sessions.forEach(key -> raw.deleteObject(b -> b.bucket(BUCKET).key(key)).join());
        marks.forEach(key -> raw.deleteObject(b -> b.bucket(BUCKET).key(key)).join());
        assertThat(uploads).as("multipart uploads left open").isEmpty();
        assertThat(staged).as("staging objects left").isEmpty();
        assertThat(sessions).as("objects of upload sessions left").isEmpty();
        assertThat(marks).as("re-commit markers of deleted blobs left").isEmpty();
    }

    static List<MultipartUpload> openUploads() {
        List<MultipartUpload> uploads = new ArrayList<>();
        raw.listMultipartUploadsPaginator(b -> b.bucket(BUCKET).prefix(PREFIX)).uploads().subscribe(uploads::add).join();
        return uploads;
    }

    static List<String> keysUnder(String prefix) {
        List<String> keys = new ArrayList<>();
        raw.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().map(S3Object::key)
                .subscribe(keys::add).join();
        return keys;
    }
}
