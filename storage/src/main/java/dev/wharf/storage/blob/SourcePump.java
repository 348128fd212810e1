package dev.wharf.storage.blob;

import dev.wharf.storage.ByteSource;
import dev.wharf.storage.Futures;
import io.netty.buffer.ByteBuf;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Pulls a {@link ByteSource} to its end into a consumer that says when it is ready for more: the next buffer is
 * pulled only once the consumer's future for the last one completed, which is the backpressure. Thread-agnostic:
 * each step runs on whichever thread completed the future before it (the source's or the consumer's), one step at
 * a time, and the loop does not grow the stack while futures are complete already.
 */
public final class SourcePump {
    private final ByteSource source;
    private final Function<ByteBuf, ? extends CompletionStage<?>> step;
    private final CompletableFuture<Long> result = new CompletableFuture<>();
    private long bytes;

    private SourcePump(ByteSource source, Function<ByteBuf, ? extends CompletionStage<?>> step) {
        this.source = source;
        this.step = step;
    }

    /**
     * Hands every buffer of {@code source} to {@code step}, which takes ownership of it (also when it throws) and
     * returns a future that completes when it wants the next one; completes with the bytes handed over once the
     * source ended. Fails with the source's failure, or with the step's (thrown or of its future), and then pulls
     * no more. Closes {@code source} in every case.
     */
    public static CompletableFuture<Long> drain(ByteSource source, Function<ByteBuf, ? extends CompletionStage<?>> step) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(step, "step");
        SourcePump pump = new SourcePump(source, step);
        pump.pump();
        return pump.result;
    }

    /**
     * Writes all of {@code source} into {@code writer} as a producer must: pausing once the writer holds its
     * window, resuming once the write that filled it is stored. Completes with the byte count once every write
     * completed (nothing is committed: the caller commits or aborts the writer); fails with the first failure of
     * the source or a write. Closes {@code source} in every case; each buffer goes to the writer, which owns it.
     */
    public static CompletableFuture<Long> into(ByteSource source, BlobWriter writer) {
        Objects.requireNonNull(writer, "writer");
        CompletableFuture<?>[] last = {CompletableFuture.completedFuture(null)};
        return drain(source, buf -> {
            CompletableFuture<Void> write = writer.write(buf);
            last[0] = write;
            return writer.pendingBytes() >= writer.windowBytes() || write.isCompletedExceptionally()
                    ? write : CompletableFuture.completedFuture(null);
        }).thenCompose(n -> last[0].thenApply(v -> n));
    }

    private void pump() {
        while (true) {
            CompletableFuture<ByteBuf> next;
            try {
                next = source.next();
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            if (!next.isDone()) {
                next.whenComplete((buf, error) -> {
                    CompletableFuture<?> ready = accept(buf, error);
                    if (ready != null && resumeLater(ready)) {
                        pump();
                    }
                });
                return;
            }
            ByteBuf buf;
            try {
                buf = next.join();
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            CompletableFuture<?> ready = accept(buf, null);
            if (ready == null || !resumeLater(ready)) {
                return;
            }
        }
    }

    /**
     * True when the consumer is ready at once, to go on looping; otherwise arranges for the loop to resume once it
     * is (or to fail), and returns false.
     */
    private boolean resumeLater(CompletableFuture<?> ready) {
        if (!ready.isDone()) {
            ready.whenComplete((v, error) -> {
                if (error != null) {
                    fail(error);
                } else {
                    pump();
                }
            });
            return false;
        }
        if (ready.isCompletedExceptionally()) {
            ready.whenComplete((v, error) -> fail(error));
            return false;
        }
        return true;
    }

    /** Takes ownership of {@code buf}; the consumer's readiness, or null when the pump is over. */
    private CompletableFuture<?> accept(ByteBuf buf, Throwable error) {
        if (error != null) {
            fail(error);
            return null;
        }
        if (buf == null) {
            source.close();
            result.complete(bytes);
            return null;
        }
        bytes += buf.readableBytes();
        try {
            return Objects.requireNonNull(step.apply(buf), "step future").toCompletableFuture();
        } catch (RuntimeException e) {
            fail(e);
            return null;
        }
    }

    private void fail(Throwable error) {
        source.close();
        result.completeExceptionally(Futures.unwrap(error));
    }
}
