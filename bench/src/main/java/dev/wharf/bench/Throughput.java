package dev.wharf.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Bytes moved, as a JMH auxiliary counter: reported beside the score as {@code megabytes} per second
 * (10^6 bytes), so benchmarks with different payload sizes read in the same unit.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Throughput {
    /** Megabytes moved in the current iteration; JMH divides it by the iteration's time. */
    public double megabytes;

    /** Starts each iteration from zero. */
    @Setup(Level.Iteration)
    public void clear() {
        megabytes = 0;
    }

    void add(long bytes) {
        megabytes += bytes / 1e6;
    }
}
