package dev.wharf.storage;

import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes daemon threads named {@code <prefix>-1}, {@code <prefix>-2}, ..., for the stores' bounded executors
 * and the server's event loops alike. They are Netty {@link FastThreadLocalThread}s: Netty's pooled
 * allocator keeps its per-thread caches only for those, and its thread locals are fastest on them.
 */
public final class DaemonThreadFactory implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger counter = new AtomicInteger();

    /** Threads named {@code <prefix>-N}. */
    public DaemonThreadFactory(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new FastThreadLocalThread(task, prefix + "-" + counter.incrementAndGet());
        // Storage threads must never keep the JVM alive after the server stopped.
        thread.setDaemon(true);
        return thread;
    }
}
