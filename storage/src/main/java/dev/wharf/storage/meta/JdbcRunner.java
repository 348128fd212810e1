package dev.wharf.storage.meta;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

/**
 * Runs JDBC work on a bounded executor with a connection borrowed from a pool, so that no caller thread
 * (least of all an event loop) ever blocks on the database. Futures complete on the executor.
 */
final class JdbcRunner {
    /** How long {@link #drain} lets queued work run before the store closes its connections anyway. */
    private static final long DRAIN_SECONDS = 10;

    private final ConnectionSource connections;
    private final Executor executor;
    private final Lock gate;

    JdbcRunner(ConnectionSource connections, Executor executor) {
        this(connections, executor, null);
    }

    /**
     * A runner whose work holds {@code gate} while it has a connection, so that whoever holds the other
     * side of a read-write lock may close and reopen the database in between.
     */
    JdbcRunner(ConnectionSource connections, Executor executor, Lock gate) {
        this.connections = connections;
        this.executor = executor;
        this.gate = gate;
    }

    /** Runs {@code work} with a connection in auto-commit mode, returned to the pool afterwards. */
    <T> CompletableFuture<T> run(SqlWork<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                if (gate != null) {
                    gate.lock();
                }
                try (Connection connection = connections.connection()) {
                    result.complete(work.apply(connection));
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                } finally {
                    if (gate != null) {
                        gate.unlock();
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("metadata store is closed", e));
        }
        return result;
    }

    /**
     * Makes {@code executor} refuse new work (a runner's futures then fail with "metadata store is closed")
     * and waits up to 10 s for the work already queued, so writes accepted before a graceful stop still
     * reach the database before the store closes its connections.
     */
    static void drain(ExecutorService executor) {
        executor.shutdown();
        try {
            executor.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits for a store's start-up work (a migration) on the caller's thread, which is allowed at start
     * only; a failure comes back as the {@link RuntimeException} the work threw.
     */
    static <T> T awaitStartup(CompletableFuture<T> startup) {
        try {
            return startup.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while migrating the schema", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Where the runner borrows its connections: a pool's {@code getConnection}. */
    @FunctionalInterface
    interface ConnectionSource {
        Connection connection() throws SQLException;
    }

    /** Blocking JDBC work; whatever it throws fails its future. */
    @FunctionalInterface
    interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }
}
