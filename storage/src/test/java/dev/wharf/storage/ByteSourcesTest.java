package dev.wharf.storage;

import static dev.wharf.storage.testing.Await.failure;
import static dev.wharf.storage.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ByteSourcesTest {
    @Test
    void readsEveryBufferReadyOrNotAndClosesTheSource() {
        ScriptedSource source = new ScriptedSource();
        source.ready("hello, ");
        source.later("streamed ");
        source.ready("world");

        byte[] body = result(ByteSources.readAll(source, 100, "test body"));

        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("hello, streamed world");
        assertThat(source.closed).isTrue();
        source.assertReleased();
    }

    @Test
    void exactlyTheLimitIsRead() {
        ScriptedSource source = new ScriptedSource();
        source.ready("12345");
        source.ready("67890");

        assertThat(result(ByteSources.readAll(source, 10, "test body"))).hasSize(10);
    }

    @Test
    void aBodyOverTheLimitFailsNamingItAndIsClosed() {
        ScriptedSource source = new ScriptedSource();
        source.ready("12345");
        source.later("678901");
        source.ready("never read");

        Throwable failure = failure(ByteSources.readAll(source, 10, "token response from registry.example.com"));

        assertThat(failure).isInstanceOf(TooLargeException.class)
                .hasMessage("token response from registry.example.com is longer than 10 bytes");
        assertThat(((TooLargeException) failure).limit()).isEqualTo(10);
        assertThat(source.closed).isTrue();
        source.assertReleased();
    }

    @Test
    void aFailingSourceFailsWithItsCauseAndIsClosed() {
        ScriptedSource source = new ScriptedSource();
        source.ready("partial");
        IOException reset = new IOException("connection reset");
        source.steps.add(() -> CompletableFuture.failedFuture(new CompletionException(reset)));

        assertThat(failure(ByteSources.readAll(source, 100, "test body"))).isSameAs(reset);
        assertThat(source.closed).isTrue();
    }

    @Test
    void manyBuffersReadyAtOnceAreReadWithoutDeepeningTheStack() {
        // A reader recursing through callbacks (as proxy-core's BodyCollector did) overflows its stack
        // inside a callback after a few thousand such buffers, and its future never completes.
        ScriptedSource source = new ScriptedSource();
        for (int i = 0; i < 10_000; i++) {
            source.ready("x");
        }

        assertThat(result(ByteSources.readAll(source, 1 << 20, "test body"))).hasSize(10_000);
    }

    /** A source that plays a script of buffers, each ready at once or completed from another thread. */
    private static final class ScriptedSource implements ByteSource {
        final Deque<Supplier<CompletableFuture<ByteBuf>>> steps = new ArrayDeque<>();
        private final List<ByteBuf> handedOut = new ArrayList<>();
        volatile boolean closed;

        void ready(String text) {
            steps.add(() -> CompletableFuture.completedFuture(buffer(text)));
        }

        void later(String text) {
            steps.add(() -> CompletableFuture.supplyAsync(() -> buffer(text)));
        }

        private ByteBuf buffer(String text) {
            ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(text.getBytes(StandardCharsets.UTF_8));
            synchronized (handedOut) {
                handedOut.add(buf);
            }
            return buf;
        }

        void assertReleased() {
            synchronized (handedOut) {
                assertThat(handedOut).allSatisfy(buf -> assertThat(buf.refCnt()).isZero());
            }
        }

        @Override
        public CompletableFuture<ByteBuf> next() {
            Supplier<CompletableFuture<ByteBuf>> step = steps.poll();
            return step == null ? CompletableFuture.completedFuture(null) : step.get();
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
