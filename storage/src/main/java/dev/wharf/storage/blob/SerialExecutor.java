package dev.wharf.storage.blob;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: the per-writer queue that keeps a
 * blob's writes in order without giving each writer a thread (filesystem and S3 writers alike). After a
 * batch it yields its thread back to the pool, so one busy writer cannot starve the others. Tasks must not
 * throw, and {@link #execute} is called by one thread at a time (a writer's methods are not called
 * concurrently), so that a rejected submission never strands a task another thread queued meanwhile.
 */
public final class SerialExecutor implements Executor {
    private static final int BATCH = 16;

    private final Executor delegate;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    /** Runs its tasks on {@code delegate}, which the caller owns. */
    public SerialExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    /** Queues {@code task}; throws {@link RejectedExecutionException} (and drops it) when the pool is shut down. */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (scheduled.compareAndSet(false, true)) {
            try {
                delegate.execute(this::drain);
            } catch (RejectedExecutionException e) {
                tasks.remove(task);
                scheduled.set(false);
                throw e;
            }
        }
    }

    private void drain() {
        int budget = BATCH;
        for (;;) {
            Runnable task = tasks.poll();
            if (task == null) {
                scheduled.set(false);
                // A task added between poll() and set(false) found us still scheduled: take it on.
                if (tasks.isEmpty() || !scheduled.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            task.run();
            if (--budget == 0 && !tasks.isEmpty()) {
                try {
                    delegate.execute(this::drain);
                    return;
                } catch (RejectedExecutionException e) {
                    // The pool is shutting down: finish the queue on this thread rather than strand it.
                    budget = BATCH;
                }
            }
        }
    }
}
