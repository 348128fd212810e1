package dev.wharf.app;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One appender's view of the shared standard output: its events are buffered and written in one call per
 * {@code linger}, not one system call per line. An appender flushes after every event; here a flush only
 * schedules the write, {@code linger} later on {@code flusher}, so no line waits longer than that. Lines
 * reach the underlying stream only as whole events (a full buffer is written before the event that does not
 * fit), so appenders sharing it never interleave inside a line. Closing writes what is buffered and leaves
 * the underlying stream open. Thread-safe: the appender's thread writes, the flusher's thread drains.
 */
final class BatchingOutputStream extends OutputStream {
    static final int CAPACITY = 64 * 1024;

    private final OutputStream out;
    private final ScheduledExecutorService flusher;
    private final long lingerNanos;
    private final byte[] buffer = new byte[CAPACITY];
    private int count;
    private boolean scheduled;

    BatchingOutputStream(OutputStream out, ScheduledExecutorService flusher, Duration linger) {
        this.out = out;
        this.flusher = flusher;
        this.lingerNanos = linger.toNanos();
    }

    @Override
    public synchronized void write(int b) throws IOException {
        if (count == buffer.length) {
            drain();
        }
        buffer[count++] = (byte) b;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (len > buffer.length - count) {
            drain();
        }
        if (len >= buffer.length) {
            out.write(b, off, len);
            return;
        }
        System.arraycopy(b, off, buffer, count, len);
        count += len;
    }

    /** Schedules the write of what is buffered, unless one is scheduled already. */
    @Override
    public synchronized void flush() {
        if (count > 0 && !scheduled) {
            scheduled = true;
            // A failed write loses its batch, as a failed write to the console would; the next one tries again.
            flusher.schedule(() -> {
                flushNow();
                return null;
            }, lingerNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Writes what is buffered and flushes the underlying stream. */
    synchronized void flushNow() throws IOException {
        scheduled = false;
        drain();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        flushNow();
    }

    private void drain() throws IOException {
        if (count > 0) {
            int n = count;
            count = 0;
            out.write(buffer, 0, n);
        }
    }
}
