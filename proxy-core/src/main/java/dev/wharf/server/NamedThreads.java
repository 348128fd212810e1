package dev.wharf.server;

import dev.wharf.storage.DaemonThreadFactory;
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
}
