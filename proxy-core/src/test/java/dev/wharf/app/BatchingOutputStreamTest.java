package dev.wharf.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Lines reach the shared output in batches of whole events, each batch at most the linger after its first line. */
class BatchingOutputStreamTest {
    private final Recording out = new Recording();
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        flusher.shutdownNow();
    }

    @Test
    void eventsFlushedOneByOneAreWrittenInOneCallAfterTheLinger() throws Exception {
        BatchingOutputStream batching = new BatchingOutputStream(out, flusher, Duration.ofMillis(50));
        for (int i = 0; i < 100; i++) {
            event(batching, "line " + i + "\n");
        }
        assertThat(out.writes).as("written at once").isEmpty();

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (out.flushes.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(out.writes).hasSize(1);
        assertThat(out.writes.get(0).lines()).hasSize(100).startsWith("line 0").endsWith("line 99");
    }

    @Test
    void aFullBufferIsWrittenAtAnEventBoundary() throws IOException {
        BatchingOutputStream batching = new BatchingOutputStream(out, flusher, Duration.ofHours(1));
        String line = "x".repeat(1000) + "\n";
        int perBuffer = BatchingOutputStream.CAPACITY / line.length();
        for (int i = 0; i <= perBuffer; i++) {
            event(batching, line);
        }
        assertThat(out.writes).hasSize(1);
        assertThat(out.writes.get(0)).isEqualTo(line.repeat(perBuffer));
    }

    @Test
    void anEventLargerThanTheBufferGoesStraightThroughAfterWhatWasBuffered() throws IOException {
        BatchingOutputStream batching = new BatchingOutputStream(out, flusher, Duration.ofHours(1));
        event(batching, "small\n");
        String big = "y".repeat(BatchingOutputStream.CAPACITY + 1) + "\n";
        event(batching, big);
        assertThat(out.writes).containsExactly("small\n", big);
    }

    @Test
    void closingWritesWhatIsBufferedAndLeavesTheOutputOpen() throws IOException {
        BatchingOutputStream batching = new BatchingOutputStream(out, flusher, Duration.ofHours(1));
        event(batching, "last\n");
        batching.close();
        assertThat(out.writes).containsExactly("last\n");
        assertThat(out.flushes).hasValue(1);
        assertThat(out.closed).isFalse();
    }

    /** What an OutputStreamAppender does per event with immediate flush on. */
    private static void event(BatchingOutputStream batching, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        batching.write(bytes, 0, bytes.length);
        batching.flush();
    }

    private static final class Recording extends OutputStream {
        final List<String> writes = new CopyOnWriteArrayList<>();
        final AtomicInteger flushes = new AtomicInteger();
        volatile boolean closed;

        @Override
        public void write(int b) {
            writes.add(String.valueOf((char) b));
        }

        @Override
        public void write(byte[] b, int off, int len) {
            writes.add(new String(b, off, len, StandardCharsets.UTF_8));
        }

        @Override
        public void flush() {
            flushes.incrementAndGet();
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
