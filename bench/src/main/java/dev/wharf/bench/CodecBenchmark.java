package dev.wharf.bench;

import dev.wharf.codec.Digest;
import dev.wharf.codec.docker.DockerPath;
import dev.wharf.codec.docker.DockerPathException;
import dev.wharf.codec.docker.DockerRequest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Docker path grammar and digest parsing, in operations per second: what every registry request
 * pays before any I/O. The rejected paths measure the cost of saying no to hostile input.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {JvmArgs.LEAK_DETECTION_OFF, JvmArgs.DIRECT_MEMORY, JvmArgs.HEAP_MIN, JvmArgs.HEAP_MAX})
@State(Scope.Benchmark)
public class CodecBenchmark {
    private static final String HEX = "4abcf20661432fb2d719aaf90656f55c287f8ca915dc1c92ec14ff61e67fbaf8";

    // Fields, not constants, so the JIT cannot fold the parse away.
    String blobPath = "/v2/hub/library/alpine/blobs/sha256:" + HEX;
    String manifestByTagPath = "/v2/hub/library/alpine/manifests/3.19.1";
    String deepNameByDigestPath = "/v2/hub/platform/team/build/images/runner/manifests/sha256:" + HEX;
    String digestText = "sha256:" + HEX;
    String traversalPath = "/v2/hub/library/../../etc/blobs/sha256:" + HEX;
    String badDigestPath = "/v2/hub/library/alpine/blobs/sha256:" + HEX.toUpperCase();

    /** A blob GET, the most frequent request of a pull. */
    @Benchmark
    public DockerRequest blobPath() {
        return DockerPath.parse(blobPath);
    }

    /** A manifest by tag. */
    @Benchmark
    public DockerRequest manifestByTag() {
        return DockerPath.parse(manifestByTagPath);
    }

    /** A manifest by digest under a five-component name. */
    @Benchmark
    public DockerRequest manifestByDigestDeepName() {
        return DockerPath.parse(deepNameByDigestPath);
    }

    /** {@code sha256:<64 hex>} alone. */
    @Benchmark
    public Digest digest() {
        return Digest.parse(digestText);
    }

    /** A dot-dot path, refused with NAME_INVALID. */
    @Benchmark
    public Object rejectTraversal() {
        return refusal(traversalPath);
    }

    /** An upper-case digest, refused with DIGEST_INVALID. */
    @Benchmark
    public Object rejectBadDigest() {
        return refusal(badDigestPath);
    }

    private static Object refusal(String path) {
        try {
            return DockerPath.parse(path);
        } catch (DockerPathException e) {
            return e.getMessage();
        }
    }
}
