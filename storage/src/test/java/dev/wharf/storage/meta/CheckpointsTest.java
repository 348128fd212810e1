package dev.wharf.storage.meta;

import static dev.wharf.storage.testing.Await.failure;
import static dev.wharf.storage.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** Checkpoints run one at a time, each covering every writer that asked before it started. */
class CheckpointsTest {
    /** The metadata executor, run by hand so the test decides when each checkpoint happens. */
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private final Executor byHand = tasks::add;

    @Test
    void writersThatAskWhileACheckpointRunsShareTheNextOne() {
        Checkpoints checkpoints = new Checkpoints(new JdbcRunner(database()::getConnection, byHand));

        CompletableFuture<Void> first = checkpoints.afterCommit();
        CompletableFuture<Void> second = checkpoints.afterCommit();
        CompletableFuture<Void> third = checkpoints.afterCommit();

        assertThat(tasks).as("one checkpoint at a time").hasSize(1);
        tasks.poll().run();
        result(first);
        assertThat(second).as("asked after the first checkpoint started").isNotDone();
        assertThat(tasks).as("one more checkpoint, for both waiting writers").hasSize(1);
        tasks.poll().run();
        result(second);
        result(third);
        assertThat(tasks).isEmpty();

        CompletableFuture<Void> later = checkpoints.afterCommit();
        assertThat(tasks).as("a writer after a quiet spell starts one at once").hasSize(1);
        tasks.poll().run();
        result(later);
    }

    @Test
    void aFailedCheckpointFailsTheWritersItCoveredAndTheNextOneRunsAnyway() {
        JdbcDataSource broken = new JdbcDataSource();
        broken.setURL("jdbc:h2:mem:checkpoints-" + UUID.randomUUID() + ";IFEXISTS=TRUE"); // no such database
        Checkpoints checkpoints = new Checkpoints(new JdbcRunner(broken::getConnection, byHand));

        CompletableFuture<Void> first = checkpoints.afterCommit();
        tasks.poll().run();

        assertThat(failure(first)).isInstanceOf(SQLException.class);
        CompletableFuture<Void> next = checkpoints.afterCommit();
        assertThat(tasks).as("the failure did not stop later checkpoints").hasSize(1);
        tasks.poll().run();
        assertThat(failure(next)).isInstanceOf(SQLException.class);
    }

    private static JdbcDataSource database() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:checkpoints-" + UUID.randomUUID());
        dataSource.setUser("sa");
        return dataSource;
    }
}
