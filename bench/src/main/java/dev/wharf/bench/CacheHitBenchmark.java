package dev.wharf.bench;

import java.io.IOException;
import java.nio.file.Files;
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
 * A cache hit end to end: an in-process Wharf on loopback serves a stored blob to a Netty client on a
 * keep-alive connection. The blob is filled once from an in-process upstream at setup, so every measured
 * GET is a hit (checked: the upstream sees no further GET). Read the {@code megabytes} counter (MB/s).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 2, jvmArgsAppend = {JvmArgs.LEAK_DETECTION_OFF, JvmArgs.DIRECT_MEMORY, JvmArgs.HEAP_MIN, JvmArgs.HEAP_MAX,
        JvmArgs.ACCESS_LOG_OFF})
@State(Scope.Benchmark)
public class CacheHitBenchmark {
    private static final long MIB = 1L << 20;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    /** Blob size in MiB. */
    @Param({"1", "32", "1024"})
    public int sizeMiB;

    private BenchRig rig;
    private String path;
    private long size;
    private long upstreamGets;
    private long requests;

    /** Starts upstream, Wharf and client; fills the blob once and checks it landed in the store. */
    @Setup(Level.Trial)
    public void setUp() throws IOException, InterruptedException {
        size = sizeMiB * MIB;
        rig = BenchRig.start(size);
        try {
            BlobUpstream.Blob blob = rig.upstream.blob(size, 0);
            path = WharfUnderTest.blobPath("bench/hit", blob.digest());
            BlobClient.Response first = rig.client.get(path, true, TIMEOUT);
            if (first.status() != 200 || !blob.digest().equals(first.digest()) || !Files.exists(rig.wharf.blobFile(blob.digest()))) {
                throw new IllegalStateException("warm-up fill failed: " + first + ", expected " + blob);
            }
            upstreamGets = rig.upstream.gets();
        } catch (IOException | InterruptedException | RuntimeException e) {
            rig.close();
            throw e;
        }
    }

    /** Stops everything; fails the trial if a measured GET reached the upstream. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        long misses = rig.upstream.gets() - upstreamGets;
        // Evidence for keep-alive: one connection when Wharf kept it open across all GETs.
        System.out.println("client connections opened: " + rig.client.connections() + " for " + requests + " GETs");
        rig.close();
        if (misses != 0) {
            throw new IllegalStateException(misses + " measured GETs went upstream: not cache hits");
        }
    }

    /** One GET of the whole cached blob. */
    @Benchmark
    public long hit(Throughput throughput) throws IOException, InterruptedException {
        BlobClient.Response response = rig.client.get(path, false, TIMEOUT);
        if (response.status() != 200 || response.bytes() != size) {
            throw new IllegalStateException("hit answered " + response + ", expected 200 with " + size + " bytes");
        }
        throughput.add(response.bytes());
        requests++;
        return response.bytes();
    }
}
