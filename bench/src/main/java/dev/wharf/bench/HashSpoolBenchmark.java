package dev.wharf.bench;

import dev.wharf.codec.Digest;
import dev.wharf.storage.blob.BlobWriter;
import dev.wharf.storage.blob.FilesystemBlobStore;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fill engine's per-chunk work: each upstream buffer is hashed (sha256) and written to the staging
 * file of a {@link FilesystemBlobStore} writer, with at most 4 MiB pending as in the fill. Against it,
 * sha256 alone over the same direct buffers: the spool's overhead is the gap between the two. One
 * operation is one 64 MiB blob in {@code chunkBytes} pieces; read the {@code megabytes} counter (MB/s).
 *
 * <p>{@code hashAndSpool} times the writes only: the writer is made before and aborted after each
 * operation, untimed (deleting 64 MiB of staging file is not per-chunk work). {@code hashSpoolCommit}
 * times writes plus commit (fsync, verify, rename into place), as a fill that completes pays; deleting
 * the committed blob again is timed too.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 2, jvmArgsAppend = {JvmArgs.LEAK_DETECTION_OFF, JvmArgs.DIRECT_MEMORY, JvmArgs.HEAP_MIN, JvmArgs.HEAP_MAX})
@State(Scope.Benchmark)
public class HashSpoolBenchmark {
    private static final int BLOB_BYTES = 64 << 20;
    /** The fill's high-water mark: writes beyond this many pending bytes wait. */
    private static final long HIGH_WATER = 4L << 20;

    /** Size of one upstream buffer; Netty's reads on loopback are mostly 16 to 64 KiB. */
    @Param({"65536"})
    public int chunkBytes;

    private Path root;
    private FilesystemBlobStore store;
    private ByteBuf blob;
    private Digest digest;
    private MessageDigest sha256;

    /** Creates the store in a temp directory and one random 64 MiB blob in pooled direct memory. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        root = Files.createTempDirectory("wharf-hash-spool");
        store = FilesystemBlobStore.open(root);
        byte[] bytes = new byte[BLOB_BYTES];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < bytes.length; i += 8) {
            long v = random.nextLong();
            for (int b = 0; b < 8; b++) {
                bytes[i + b] = (byte) (v >>> (8 * b));
            }
        }
        blob = PooledByteBufAllocator.DEFAULT.directBuffer(BLOB_BYTES).writeBytes(bytes);
        sha256 = newSha256();
        digest = Digest.sha256Of(bytes);
    }

    /** Closes the store and deletes its directory. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        store.close();
        blob.release();
        TempTree.delete(root);
    }

    /** The anchor: sha256 over the same chunks, nothing stored. */
    @Benchmark
    public byte[] sha256(Throughput throughput) {
        for (int offset = 0; offset < BLOB_BYTES; offset += chunkBytes) {
            sha256.update(blob.nioBuffer(offset, Math.min(chunkBytes, BLOB_BYTES - offset)));
        }
        throughput.add(BLOB_BYTES);
        return sha256.digest();
    }

    /** A fresh blob writer for each operation, made and discarded outside the timed part. */
    @State(Scope.Thread)
    public static class Spool {
        BlobWriter writer;

        /** Opens the writer (its staging file is created on the io executor). */
        @Setup(Level.Invocation)
        public void open(HashSpoolBenchmark bench) {
            writer = bench.store.writer();
        }

        /** Discards whatever the operation left: the staging file, or nothing after a commit. */
        @TearDown(Level.Invocation)
        public void discard() {
            writer.abort().join();
        }
    }

    /** Hash and write every chunk through a blob writer: the per-chunk work of a fill. */
    @Benchmark
    public long hashAndSpool(Spool spool, Throughput throughput) {
        writeAll(spool.writer);
        throughput.add(BLOB_BYTES);
        return spool.writer.bytesStored();
    }

    /** Hash, write and commit (fsync, verify, rename): a whole fill's storage work; the blob is then deleted. */
    @Benchmark
    public Digest hashSpoolCommit(Spool spool, Throughput throughput) {
        writeAll(spool.writer);
        Digest committed = spool.writer.commit(digest).join();
        store.delete(committed).join();
        throughput.add(BLOB_BYTES);
        return committed;
    }

    private void writeAll(BlobWriter writer) {
        ArrayDeque<CompletableFuture<Void>> pending = new ArrayDeque<>();
        for (int offset = 0; offset < BLOB_BYTES; offset += chunkBytes) {
            // The writer takes ownership of the retained slice and releases it once stored.
            pending.add(writer.write(blob.retainedSlice(offset, Math.min(chunkBytes, BLOB_BYTES - offset))));
            while (writer.pendingBytes() > HIGH_WATER) {
                pending.poll().join();
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
