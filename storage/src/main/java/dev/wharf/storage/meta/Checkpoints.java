package dev.wharf.storage.meta;

import java.sql.Statement;
import java.util.concurrent.CompletableFuture;

/**
 * Makes committed H2 writes survive a kill of the process, sharing the cost among concurrent writers.
 *
 * <p>H2's MVStore writes committed changes to its file from a background thread, up to its write delay
 * (500 ms) after the commit; a process killed meanwhile loses them. A {@code CHECKPOINT} writes every
 * committed change to the file (to the operating system, without fsync: it survives a SIGKILL, not a
 * power cut). One checkpoint runs at a time; writers that committed while it ran wait for the next one,
 * which covers them all, so a burst of writes pays for a few checkpoints, not one each. The obvious
 * alternative, {@code WRITE_DELAY=0}, writes a chunk per commit and stops the background thread that
 * reclaims old chunks: a burst of 100,000 puts grew the file to 1.4 GB instead of 90 MB.
 */
final class Checkpoints {
    private final JdbcRunner jdbc;
    private CompletableFuture<Void> waiting; // guarded by this: the writers the next checkpoint covers
    private boolean running; // guarded by this

    Checkpoints(JdbcRunner jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Completes once a checkpoint that started after this call finished, so every change committed before
     * the call is in the file; fails when the checkpoint failed or the store is closed.
     */
    CompletableFuture<Void> afterCommit() {
        CompletableFuture<Void> next;
        boolean start;
        synchronized (this) {
            if (waiting == null) {
                waiting = new CompletableFuture<>();
            }
            next = waiting;
            start = !running;
            running = true;
        }
        if (start) {
            runNext();
        }
        return next;
    }

    private void runNext() {
        CompletableFuture<Void> covered;
        synchronized (this) {
            covered = waiting;
            waiting = null;
            if (covered == null) {
                running = false;
                return;
            }
        }
        jdbc.run(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CHECKPOINT");
            }
            return null;
        }).whenComplete((v, failure) -> {
            if (failure == null) {
                covered.complete(null);
            } else {
                covered.completeExceptionally(failure);
            }
            runNext();
        });
    }
}
