package dev.wharf.storage.blob;

import static dev.wharf.storage.testing.Await.failure;
import static dev.wharf.storage.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.storage.ByteSource;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SourcePumpTest {
    @Test
    void aLongStreamOfReadyBuffersDrainsWithoutGrowingTheStack() {
        CountingSource source = new CountingSource(50_000, null);

        long bytes = result(SourcePump.drain(source, buf -> {
            buf.release();
            return CompletableFuture.completedFuture(null);
        }));

        assertThat(bytes).isEqualTo(50_000);
        assertThat(source.closed).isTrue();
    }

    @Test
    void theNextBufferIsPulledOnlyOnceTheStepIsReady() {
        CountingSource source = new CountingSource(3, null);
        List<CompletableFuture<Void>> steps = new ArrayList<>();

        CompletableFuture<Long> drained = SourcePump.drain(source, buf -> {
            buf.release();
            CompletableFuture<Void> ready = new CompletableFuture<>();
            steps.add(ready);
            return ready;
        });

        assertThat(source.pulled.get()).isEqualTo(1);
        steps.get(0).complete(null);
        assertThat(source.pulled.get()).isEqualTo(2);
        steps.get(1).complete(null);
        steps.get(2).complete(null);
        assertThat(result(drained)).isEqualTo(3);
    }

    @Test
    void aFailedStepStopsThePumpAndClosesTheSource() {
        CountingSource source = new CountingSource(10, null);
        AtomicInteger taken = new AtomicInteger();

        Throwable failure = failure(SourcePump.drain(source, buf -> {
            buf.release();
            return taken.incrementAndGet() == 2
                    ? CompletableFuture.failedFuture(new IOException("disk full"))
                    : CompletableFuture.completedFuture(null);
        }));

        assertThat(failure).hasMessage("disk full");
        assertThat(source.pulled.get()).isEqualTo(2);
        assertThat(source.closed).isTrue();
    }

    @Test
    void aFailedSourceFailsThePumpWithItsFailure() {
        CountingSource source = new CountingSource(10, new IOException("the client went away"));

        Throwable failure = failure(SourcePump.drain(source, buf -> {
            buf.release();
            return CompletableFuture.completedFuture(null);
        }));

        assertThat(failure).isInstanceOf(IOException.class).hasMessage("the client went away");
        assertThat(source.closed).isTrue();
    }

    /** One-byte pooled buffers, {@code count} of them, then the end or {@code failure}. */
    private static final class CountingSource implements ByteSource {
        final AtomicInteger pulled = new AtomicInteger();
        private final int count;
        private final Throwable failure;
        volatile boolean closed;

        CountingSource(int count, Throwable failure) {
            this.count = count;
            this.failure = failure;
        }

        @Override
        public CompletableFuture<ByteBuf> next() {
            if (pulled.get() == count) {
                return failure != null ? CompletableFuture.failedFuture(failure) : CompletableFuture.completedFuture(null);
            }
            pulled.incrementAndGet();
            return CompletableFuture.completedFuture(PooledByteBufAllocator.DEFAULT.directBuffer(1).writeByte(1));
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
