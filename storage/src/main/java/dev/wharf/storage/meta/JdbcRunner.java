package dev.wharf.storage.meta;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import javax.sql.DataSource;

/**
 * Runs JDBC work on a bounded executor with a connection borrowed from a pool, so that no caller thread
 * (least of all an event loop) ever blocks on the database. Futures complete on the executor.
 */
final class JdbcRunner {
    private final DataSource connections;
    private final Executor executor;

    JdbcRunner(DataSource connections, Executor executor) {
        this.connections = connections;
        this.executor = executor;
    }

    /** Runs {@code work} with a connection in auto-commit mode, returned to the pool afterwards. */
    <T> CompletableFuture<T> run(SqlWork<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try (Connection connection = connections.getConnection()) {
                    result.complete(work.apply(connection));
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("metadata store is closed", e));
        }
        return result;
    }

    /** Blocking JDBC work; whatever it throws fails its future. */
    @FunctionalInterface
    interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }
}
