package dev.wharf.server;

import dev.wharf.storage.DaemonThreadFactory;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Bounded executors for work that must stay off the event loops; their threads come from {@link DaemonThreadFactory}. */
public final class NamedThreads {
    private NamedThreads() {
    }

    /** A fixed pool of {@code threads} daemon threads with an unbounded queue, for short blocking tasks. */
    public static ExecutorService fixed(String prefix, int threads) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new DaemonThreadFactory(prefix));
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /**
     * A fixed pool of {@code threads} daemon threads that queues at most {@code queue} tasks and rejects
     * the rest ({@link java.util.concurrent.RejectedExecutionException}), for work a client can ask for
     * at will.
     */
    public static ExecutorService bounded(String prefix, int threads, int queue) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queue), new DaemonThreadFactory(prefix));
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
