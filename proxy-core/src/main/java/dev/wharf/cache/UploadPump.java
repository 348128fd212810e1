package dev.wharf.cache;

import dev.wharf.storage.ByteSource;
import dev.wharf.storage.blob.BlobWriter;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Streams a request body into a blob writer under backpressure: the next piece is pulled from the client
 * only while the writer holds less than its window, so an upload of any size lives in memory a window at a
 * time. Completes with the byte count once everything was written (not yet committed); fails, after
 * closing the source, when the source or a write failed. The caller commits or aborts the writer.
 */
public final class UploadPump {
    private final ByteSource source;
    private final BlobWriter writer;
    private final Executor loop;
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    private long received;
    private CompletableFuture<Void> lastWrite = CompletableFuture.completedFuture(null);

    private UploadPump(ByteSource source, BlobWriter writer, Executor loop) {
        this.source = source;
        this.writer = writer;
        this.loop = loop;
    }

    /** Copies all of {@code source} (which this closes) into {@code writer}; {@code loop} runs the steps. */
    public static CompletableFuture<Long> copy(ByteSource source, BlobWriter writer, Executor loop) {
        UploadPump pump = new UploadPump(source, writer, loop);
        pump.pull();
        return pump.done.whenComplete((n, e) -> source.close());
    }

    private void pull() {
        source.next().whenCompleteAsync(this::onPiece, loop);
    }

    /** Takes ownership of {@code buf}. */
    private void onPiece(ByteBuf buf, Throwable err) {
        if (err != null) {
            done.completeExceptionally(err);
            return;
        }
        if (buf == null) {
            lastWrite.whenComplete((v, e) -> {
                if (e != null) {
                    done.completeExceptionally(e);
                } else {
                    done.complete(received);
                }
            });
            return;
        }
        received += buf.readableBytes();
        CompletableFuture<Void> write = writer.write(buf);
        lastWrite = write;
        write.whenComplete((v, e) -> {
            if (e != null) {
                done.completeExceptionally(e);
            }
        });
        if (writer.pendingBytes() < writer.windowBytes()) {
            pull();
        } else {
            // Resume once this write is stored: by then the writer has drained what came before it.
            write.whenCompleteAsync((v, e) -> {
                if (e == null && !done.isDone()) {
                    pull();
                }
            }, loop);
        }
    }
}
