package dev.wharf.e2e.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded polling: every wait in the harness ends, with a message saying what never happened. */
public final class Waits {
    private static final Duration INTERVAL = Duration.ofMillis(50);

    private Waits() {
    }

    /** Polls {@code condition} until it holds; fails after {@code limit} with {@code what} and the last detail. */
    public static void until(Duration limit, String what, BooleanSupplier condition, Supplier<String> detail) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + limit.toMillis() + " ms for " + what + "; " + detail.get());
            }
            sleep(INTERVAL);
        }
    }

    /** Polls {@code condition} until it holds; fails after {@code limit} naming {@code what}. */
    public static void until(Duration limit, String what, BooleanSupplier condition) {
        until(limit, what, condition, () -> "it never happened");
    }

    /** Sleeps, turning an interrupt into a failure that keeps the interrupt flag. */
    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
