package dev.wharf.codec;

/** The seed of a property test: {@code -Dwharf.seed=N} replays a failure, otherwise a fresh one per run. */
public final class Seeds {

    private Seeds() {
    }

    /** The seed to use; every failure message must include it. */
    public static long seed() {
        return Long.getLong("wharf.seed", System.nanoTime());
    }
}
