package dev.wharf.storage.blob.s3;

import static dev.wharf.storage.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.codec.Digest;
import dev.wharf.storage.blob.BlobContent;
import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.blob.BlobStoreConformance;
import dev.wharf.storage.blob.LocalCachedBlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3 store (on s3proxy) behind a local disk cache: the conformance suite, then what the cache adds. A blob
 * opened once is copied to local disk, verified, and served from there next (a local file for zero-copy
 * sends); the least recently served copies go once the copies outgrow their bound; a delete drops the copy.
 */
class LocalCachedBlobStoreTest extends BlobStoreConformance {
    private static final String BUCKET = "wharf-cached";
    private static final int MIB = 1 << 20;

    static S3ProxyProcess s3proxy;
    static S3Client raw;

    @TempDir
    Path cacheDir;
    /** The settings of this test's store, under a prefix of its own. */
    S3Settings current;

    @BeforeAll
    static void startS3proxy() throws Exception {
        s3proxy = S3ProxyProcess.start();
        s3proxy.createBucket(BUCKET);
        raw = s3proxy.client();
    }

    @AfterAll
    static void stopS3proxy() {
        if (raw != null) {
            raw.close();
        }
        if (s3proxy != null) {
            s3proxy.close();
        }
    }

    static S3Settings settings() {
        return new S3Settings(s3proxy.endpoint(), "us-east-1", BUCKET, S3ProxyProcess.ACCESS_KEY,
                S3ProxyProcess.SECRET_KEY, true, "run-" + UUID.randomUUID() + "/", S3Settings.MIN_PART_SIZE);
    }

    @Override
    protected BlobStore createStore() {
        current = settings();
        return LocalCachedBlobStore.open(S3BlobStore.open(current), cacheDir, 64L * MIB);
    }

    /** {@inheritDoc} A second replica: the same bucket and prefix, a local cache of its own. */
    @Override
    protected BlobStore createPeerStore() {
        return LocalCachedBlobStore.open(S3BlobStore.open(current), cacheDir.resolve("peer"), 64L * MIB);
    }

    @Override
    protected void assertNoLeftovers() throws IOException {
        // A test's last open may have started a background copy: let it land before looking.
        until(Duration.ofSeconds(20), () -> ((LocalCachedBlobStore) store).copiesInFlight() == 0);
        List<MultipartUpload> uploads = raw.listMultipartUploads(b -> b.bucket(BUCKET)).uploads();
        uploads.forEach(u -> raw.abortMultipartUpload(b -> b.bucket(BUCKET).key(u.key()).uploadId(u.uploadId())));
        assertThat(uploads).as("multipart uploads left open").isEmpty();
        List<String> sessions = raw.listObjectsV2(b -> b.bucket(BUCKET).prefix(current.prefix() + "uploads/")).contents()
                .stream().map(S3Object::key).toList();
        sessions.forEach(key -> raw.deleteObject(b -> b.bucket(BUCKET).key(key)));
        assertThat(sessions).as("objects of upload sessions left").isEmpty();
        try (Stream<Path> staged = Files.list(cacheDir.resolve("tmp"))) {
            assertThat(staged).as("local copies left half written").isEmpty();
        }
    }

    @Test
    void aBlobServedOnceIsServedFromLocalDiskNext() {
        byte[] data = randomBytes(3 * MIB, 61);
        Digest digest = commit(data);
        LocalCachedBlobStore cached = (LocalCachedBlobStore) store;

        try (BlobContent first = result(store.open(digest)).orElseThrow()) {
            assertThat(first.file()).as("the first open reads S3").isEmpty();
            assertThat(readAll(first.stream(0, data.length))).isEqualTo(data);
        }
        until(Duration.ofSeconds(20), () -> cached.localBytes() == data.length);

        try (BlobContent second = result(store.open(digest)).orElseThrow()) {
            assertThat(second.file()).as("the second open is the local copy").isPresent();
            assertThat(readAll(second.stream(0, data.length))).isEqualTo(data);
        }
        result(store.delete(digest));
        assertThat(cached.localBytes()).isZero();
        assertThat(result(store.open(digest))).isEmpty();
    }

    @Test
    void theLeastRecentlyServedCopiesGoPastTheBound() throws IOException {
        try (LocalCachedBlobStore small = LocalCachedBlobStore.open(S3BlobStore.open(settings()), cacheDir.resolve("small"), 10L * MIB)) {
            List<Digest> digests = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                byte[] data = randomBytes(4 * MIB, 70 + i);
                BlobStore previous = store;
                store = small;
                digests.add(commit(data));
                store = previous;
                result(small.open(digests.get(i))).orElseThrow().close();
                long expected = Math.min(i + 1, 2) * 4L * MIB;
                until(Duration.ofSeconds(20), () -> small.copiesInFlight() == 0 && small.localBytes() == expected);
            }
            assertThat(small.localBytes()).as("two 4 MiB copies fit in 10 MiB").isEqualTo(8L * MIB);
            until(Duration.ofSeconds(10), () -> localFiles(cacheDir.resolve("small")) == 2);
            try (BlobContent newest = result(small.open(digests.get(3))).orElseThrow()) {
                assertThat(newest.file()).isPresent();
            }
            try (BlobContent oldest = result(small.open(digests.get(0))).orElseThrow()) {
                assertThat(oldest.file()).as("evicted: served from S3 again").isEmpty();
            }
            for (Digest digest : digests) {
                result(small.delete(digest));
            }
        }
    }

    private static void until(Duration bound, BooleanSupplier condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited " + bound).isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static long localFiles(Path root) {
        try (Stream<Path> files = Files.walk(root.resolve("sha256"))) {
            return files.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
