package dev.wharf.storage.testing;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for storage futures in tests, with a bound so that a hang fails instead of stalling the build. */
public final class Await {
    /** How long any single storage future may take in a test. */
    public static final long TIMEOUT_SECONDS = 30;

    private Await() {
    }

    /** The value of {@code future}; fails the test if it failed or took longer than {@value #TIMEOUT_SECONDS} s. */
    public static <T> T result(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("expected success, but the future failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("future still pending after " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The value of {@code future}; fails the test if it failed or took longer than {@code bound}. */
    public static <T> T resultWithin(Duration bound, CompletableFuture<T> future) {
        try {
            return future.get(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("expected success, but the future failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("future still pending after " + bound, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Why {@code future} failed; fails the test if it succeeded or took longer than {@value #TIMEOUT_SECONDS} s. */
    public static Throwable failure(CompletableFuture<?> future) {
        try {
            Object value = future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, but the future completed with " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("future still pending after " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
