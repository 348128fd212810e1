package dev.wharf.storage.blob;

import static dev.wharf.storage.testing.Await.failure;
import static dev.wharf.storage.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.codec.Digest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemBlobStoreTest extends BlobStoreConformance {
    @TempDir
    Path root;

    @Override
    protected BlobStore createStore() {
        return FilesystemBlobStore.open(root);
    }

    /** {@inheritDoc} A second store on the same directory, as a second process on a shared (NFS) one. */
    @Override
    protected BlobStore createPeerStore() {
        return FilesystemBlobStore.open(root);
    }

    @Override
    protected void assertNoLeftovers() throws IOException {
        try (Stream<Path> staged = Files.list(root.resolve("tmp"))) {
            assertThat(staged).as("staging files left in tmp/").isEmpty();
        }
        try (Stream<Path> sessions = Files.list(root.resolve("uploads"))) {
            assertThat(sessions).as("upload sessions left in uploads/").isEmpty();
        }
    }

    @Test
    void committedBlobLivesUnderItsDigestPrefix() throws IOException {
        byte[] data = "laid out by digest".getBytes();

        Digest digest = commit(data);

        Path expected = root.resolve("sha256").resolve(digest.hex().substring(0, 2)).resolve(digest.hex());
        assertThat(expected).exists();
        assertThat(Files.readAllBytes(expected)).isEqualTo(data);
        result(store.delete(digest));
    }

    @Test
    void stagingFileLivesInTmpUntilTheCommit() {
        byte[] data = "staged first".getBytes();
        BlobWriter writer = store.writer();
        result(writer.write(direct(data, 0, data.length)));
        Path staging = writer.stagingFile().orElseThrow();

        assertThat(staging.getParent()).isEqualTo(root.resolve("tmp"));
        assertThat(staging).hasBinaryContent(data);

        Digest digest = result(writer.commit(sha256(data)));

        assertThat(staging).doesNotExist();
        result(store.delete(digest));
    }

    @Test
    void aFileWriterWantsFourMibInFlight() {
        BlobWriter writer = store.writer();

        assertThat(writer.windowBytes()).isEqualTo(4L << 20);

        result(writer.abort());
    }

    @Test
    void contentGivesTheFileForZeroCopyAndHandsItOver() throws IOException {
        byte[] data = randomBytes(100_000, 11);
        Digest digest = commit(data);
        FileChannel taken;
        try (BlobContent content = result(store.open(digest)).orElseThrow()) {
            FileChannel file = content.file().orElseThrow();
            assertThat(file.size()).isEqualTo(data.length);

            taken = content.takeFile().orElseThrow();

            assertThat(taken).isSameAs(file);
            assertThat(content.file()).isEmpty();
            assertThat(content.takeFile()).isEmpty();
        }
        try (taken) {
            assertThat(taken.isOpen()).as("a taken channel survives the content's close").isTrue();
            ByteBuffer bytes = ByteBuffer.allocate(data.length);
            while (bytes.hasRemaining() && taken.read(bytes, bytes.position()) >= 0) {
                // positional reads until full
            }
            assertThat(bytes.array()).isEqualTo(data);
        }
        result(store.delete(digest));
    }

    @Test
    void closingTheContentClosesItsFile() {
        Digest digest = commit("closed with its content".getBytes());
        BlobContent content = result(store.open(digest)).orElseThrow();
        FileChannel file = content.file().orElseThrow();

        content.close();

        assertThat(file.isOpen()).isFalse();
        assertThat(content.file()).isEmpty();
        result(store.delete(digest));
    }

    @Test
    void openBlobKeepsReadingAfterADelete() {
        byte[] data = randomBytes(150_000, 12);
        Digest digest = commit(data);
        try (BlobContent content = result(store.open(digest)).orElseThrow()) {
            assertThat(result(store.delete(digest))).isTrue();

            assertThat(readAll(content.stream(0, data.length))).isEqualTo(data);
        }
    }

    @Test
    void everyStagingFileLeftByAnEarlierProcessIsDeletedAtStartWhateverItsAge() throws IOException {
        store.close();
        Path crashed = Files.write(root.resolve("tmp").resolve("writer-of-a-killed-process"), new byte[] {1});
        Path old = Files.write(root.resolve("tmp").resolve("older-crash"), new byte[] {2});
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

        store = FilesystemBlobStore.open(root);

        assertThat(crashed).doesNotExist();
        assertThat(old).doesNotExist();
    }

    @Test
    void aSweepDeletesStagingOfNoLiveWriterAndSparesLiveOnes() throws Exception {
        store.close();
        store = FilesystemBlobStore.open(root, Duration.ofMillis(50));
        byte[] data = randomBytes(100_000, 13);
        BlobWriter live = store.writer();
        result(live.write(direct(data, 0, 50_000)));
        Path liveFile = live.stagingFile().orElseThrow();
        Path orphan = Files.write(root.resolve("tmp").resolve("writer-that-never-finished"), new byte[] {3});

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Files.exists(orphan) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        assertThat(orphan).as("swept while running").doesNotExist();
        assertThat(liveFile).as("the live writer's staging").exists();
        result(live.write(direct(data, 50_000, 50_000)));
        Digest digest = result(live.commit(sha256(data)));
        assertThat(readBlob(digest)).isEqualTo(data);
        result(store.delete(digest));
    }

    @Test
    void aWriterIsLiveUntilItsCommitOrAbortCompleted() throws IOException {
        FilesystemBlobStore filesystem = (FilesystemBlobStore) store;
        BlobWriter committed = store.writer();
        BlobWriter aborted = store.writer();
        BlobWriter running = store.writer();
        for (BlobWriter writer : List.of(committed, aborted, running)) {
            result(writer.write(direct(new byte[] {1, 2, 3}, 0, 3)));
        }
        Digest digest = result(committed.commit(sha256(new byte[] {1, 2, 3})));
        result(aborted.abort());
        // Files of finished writers that are left behind, as a failed delete would leave them.
        Files.write(committed.stagingFile().orElseThrow(), new byte[] {4});
        Files.write(aborted.stagingFile().orElseThrow(), new byte[] {5});

        assertThat(filesystem.sweepStaging()).isEqualTo(2);

        assertThat(running.stagingFile().orElseThrow()).exists();
        result(running.abort());
        result(store.delete(digest));
    }

    @Test
    void ioFailureFailsTheWriteAndTheCommit() throws IOException {
        Files.delete(root.resolve("tmp")); // the staging file cannot be created
        BlobWriter writer = store.writer();
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(4).writeInt(7);

        Throwable writeFailure = failure(writer.write(buf));
        Throwable commitFailure = failure(writer.commit(sha256(new byte[] {0, 0, 0, 7})));

        assertThat(writeFailure).isInstanceOf(IOException.class).hasRootCauseInstanceOf(NoSuchFileException.class);
        assertThat(commitFailure).isInstanceOf(IOException.class);
        assertThat(buf.refCnt()).isZero();
        assertThat(writer.bytesAccepted()).as("a failed write is not pending").isZero();
        result(writer.abort());
        Files.createDirectory(root.resolve("tmp"));
    }

    @Test
    void foreignFilesInTheBlobTreeAreNotBlobs() throws IOException {
        Digest digest = commit("a real blob".getBytes());
        Path prefix = root.resolve("sha256").resolve(digest.hex().substring(0, 2));
        Path foreign = Files.write(prefix.resolve("notes.txt"), new byte[] {1});

        assertThat(blobs()).isEqualTo(List.of(digest));

        Files.delete(foreign);
        result(store.delete(digest));
    }

    @Test
    void anUploadSessionIsADirectoryOfChunksNamedByTheirOffset() throws IOException {
        UUID upload = result(store.createUpload());
        Path session = root.resolve("uploads").resolve(upload.toString());
        assertThat(session).isEmptyDirectory();

        result(store.appendUpload(upload, 0, new ChunkSource(new byte[] {1, 2, 3}, 1)));
        result(store.appendUpload(upload, 3, new ChunkSource(randomBytes(70_000, 12), 8192)));
        failure(store.appendUpload(upload, 70_003, new ChunkSource(new byte[50_000], 8192,
                CompletableFuture.completedFuture(null), () -> { }, 20_000)));

        assertThat(names(session)).as("the chunks, and no staging of the failed append")
                .containsExactlyInAnyOrder("0000000000000000000", "0000000000000000003");
        assertThat(session.resolve("0000000000000000000")).hasBinaryContent(new byte[] {1, 2, 3});
        assertThat(result(store.cancelUpload(upload))).isTrue();
        assertThat(session).doesNotExist();
    }

    @Test
    void uploadSessionsOutliveTheStoreThatStartedThem() {
        byte[] data = randomBytes(50_000, 13);
        UUID upload = result(store.createUpload());
        result(store.appendUpload(upload, 0, new ChunkSource(Arrays.copyOf(data, 10_000), 4096)));
        store.close();
        store = FilesystemBlobStore.open(root); // a restart: its start-up sweep leaves sessions alone

        assertThat(result(store.uploadSize(upload))).contains(10_000L);
        result(store.appendUpload(upload, 10_000, new ChunkSource(Arrays.copyOfRange(data, 10_000, data.length), 4096)));
        Digest digest = result(store.completeUpload(upload, sha256(data)));

        assertThat(readBlob(digest)).isEqualTo(data);
        result(store.delete(digest));
    }

    @Test
    void theStagingSweepRemovesSessionsWithoutAnAppendForUploadsMaxAge() throws InterruptedException {
        try (FilesystemBlobStore sweeping = FilesystemBlobStore.open(root, Duration.ofMillis(100), Duration.ofSeconds(1))) {
            UUID upload = result(sweeping.createUpload());
            result(sweeping.appendUpload(upload, 0, new ChunkSource(new byte[10], 10)));

            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (result(sweeping.uploadSize(upload)).isPresent()) {
                assertThat(System.nanoTime()).as("the session is still there after 20 s").isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }

    @Test
    void whatACompleteOrCancelThatDiedLeftIsReapedOnceStale() throws IOException {
        Path uploads = root.resolve("uploads");
        Path completing = Files.createDirectory(uploads.resolve(".completing-" + UUID.randomUUID() + "-1"));
        Path cancelling = Files.createDirectory(uploads.resolve(".gone-" + UUID.randomUUID() + "-2"));
        FileTime anHourAgo = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        for (Path dir : List.of(completing, cancelling)) {
            Files.setLastModifiedTime(Files.write(dir.resolve("0000000000000000000"), new byte[10]), anHourAgo);
            Files.setLastModifiedTime(dir, anHourAgo);
        }
        Path foreign = Files.write(uploads.resolve("notes.txt"), new byte[1]);
        Files.setLastModifiedTime(foreign, anHourAgo);

        assertThat(result(store.reapUploads(Duration.ofHours(2)))).as("nothing is two hours old").isZero();
        assertThat(result(store.reapUploads(Duration.ofMinutes(1)))).as("the died complete was a session").isEqualTo(1);

        assertThat(completing).doesNotExist();
        assertThat(cancelling).doesNotExist();
        assertThat(foreign).as("what is no session is not the reaper's").exists();
        Files.delete(foreign);
    }

    @Test
    void aCompleteThatFailsForAnotherReasonThanTheDigestKeepsTheSession() throws IOException {
        byte[] data = randomBytes(30_000, 14);
        Digest digest = sha256(data);
        UUID upload = result(store.createUpload());
        result(store.appendUpload(upload, 0, new ChunkSource(Arrays.copyOf(data, 1), 1)));
        result(store.appendUpload(upload, 1, new ChunkSource(Arrays.copyOfRange(data, 1, data.length), 4096)));
        // A file where the blob's prefix directory must go: installing the blob fails.
        Path blocker = Files.write(root.resolve("sha256").resolve(digest.hex().substring(0, 2)), new byte[0]);

        assertThat(failure(store.completeUpload(upload, digest))).isInstanceOf(IOException.class);

        assertThat(result(store.uploadSize(upload))).as("the session, as it was").contains((long) data.length);
        assertThat(names(root.resolve("uploads").resolve(upload.toString())))
                .containsExactlyInAnyOrder("0000000000000000000", "0000000000000000001");
        Files.delete(blocker);
        assertThat(result(store.completeUpload(upload, digest))).isEqualTo(digest);
        assertThat(readBlob(digest)).isEqualTo(data);
        result(store.delete(digest));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }
}
