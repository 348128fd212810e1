package dev.wharf.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes access-log lines from a thread of its own, in batches, so that an event loop never waits on a
 * console or file lock. When the queue is full (the output cannot keep up), lines are dropped and
 * counted rather than blocking a request; the count is written as soon as there is room.
 */
public final class AccessLogWriter implements AutoCloseable {
    /** Lines waiting to be written at most; past this, lines are dropped. */
    static final int CAPACITY = 65_536;
    private static final int BATCH = 1024;

    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final OutputStream out;
    private final Thread thread;
    private volatile boolean closed;

    public AccessLogWriter(OutputStream out) {
        this.out = out;
        this.thread = new Thread(this::run, "wharf-access-log");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues one line (without its newline); never blocks. */
    public void log(String line) {
        if (!queue.offer(line)) {
            dropped.incrementAndGet();
        }
    }

    private void run() {
        List<String> batch = new ArrayList<>(BATCH);
        try {
            while (!closed || !queue.isEmpty()) {
                String first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                write(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes a batch in one call, so lines never interleave with other users of the same stream. */
    private void write(List<String> batch) {
        StringBuilder text = new StringBuilder(batch.size() * 160);
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
            text.append(Instant.now()).append(" WARN access - ").append(lost).append(" access log lines dropped: the output is too slow\n");
        }
        for (String line : batch) {
            text.append(line).append('\n');
        }
        try {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            dropped.addAndGet(batch.size());
        }
    }

    /** Writes what is queued, then stops the thread. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
