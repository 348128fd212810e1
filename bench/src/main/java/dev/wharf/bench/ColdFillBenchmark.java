package dev.wharf.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * A cold fill end to end: in-process upstream -> Wharf -> Netty client, each operation a blob Wharf has
 * never seen. Wharf sends the last byte only after the digest checked out and the blob was committed, so
 * one operation includes the fsync and rename into the store. After each operation (untimed) the blob is
 * checked to be in the store, the upstream to have seen exactly one more GET, and the stored file is
 * deleted to keep the disk bounded. Read the {@code megabytes} counter (MB/s).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 2, jvmArgsAppend = {JvmArgs.LEAK_DETECTION_OFF, JvmArgs.DIRECT_MEMORY, JvmArgs.HEAP_MIN, JvmArgs.HEAP_MAX,
        JvmArgs.ACCESS_LOG_OFF})
@State(Scope.Benchmark)
public class ColdFillBenchmark {
    private static final long MIB = 1L << 20;
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    /** Blob size in MiB. */
    @Param({"1", "32", "1024"})
    public int sizeMiB;

    private BenchRig rig;
    private long size;
    private long serial;
    private BlobUpstream.Blob blob;
    private long getsBefore;

    /** Starts upstream, Wharf and client, and hashes the upstream's random prefix once. */
    @Setup(Level.Trial)
    public void setUp() throws IOException, InterruptedException {
        size = sizeMiB * MIB;
        rig = BenchRig.start(size);
        try {
            rig.upstream.blob(size, serial);
        } catch (RuntimeException e) {
            rig.close();
            throw e;
        }
    }

    /** Picks a blob never requested before. */
    @Setup(Level.Invocation)
    public void nextBlob() {
        blob = rig.upstream.blob(size, ++serial);
        getsBefore = rig.upstream.gets();
    }

    /** Checks that the operation was one fill that landed in the store, then deletes the stored file. */
    @TearDown(Level.Invocation)
    public void checkAndForget() throws IOException {
        Path stored = rig.wharf.blobFile(blob.digest());
        if (!Files.exists(stored) || Files.size(stored) != size) {
            throw new IllegalStateException("blob " + blob + " is not in the store after its fill");
        }
        if (rig.upstream.gets() != getsBefore + 1) {
            throw new IllegalStateException((rig.upstream.gets() - getsBefore) + " upstream GETs for one fill (expected: 1)");
        }
        Files.delete(stored);
    }

    /** Stops everything. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        rig.close();
    }

    /** One GET of a blob Wharf must fetch, verify and store while it streams it. */
    @Benchmark
    public long fill(Throughput throughput) throws IOException, InterruptedException {
        BlobClient.Response response = rig.client.get(WharfUnderTest.blobPath("bench/cold", blob.digest()), false, TIMEOUT);
        if (response.status() != 200 || response.bytes() != size) {
            throw new IllegalStateException("fill answered " + response + ", expected 200 with " + size + " bytes");
        }
        throughput.add(response.bytes());
        return response.bytes();
    }
}
