package dev.wharf.cache;

import dev.wharf.server.BodySender;
import dev.wharf.server.Exchange;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.Executor;

/**
 * Streams a fill to one client from the first byte, at the client's own pace: it sends what the fill
 * has stored, then waits for more; it finishes the response once the fill committed and aborts the
 * connection if the fill failed. The client's pace never slows the fill. Runs on the client's event
 * loop; the response head must already be sent.
 */
public final class FillFollower {
    private final Exchange exchange;
    private final Fill fill;
    private final Executor fileExecutor;
    private final EventExecutor loop;
    private FileChannel file;
    private long position;

    public FillFollower(Exchange exchange, Fill fill, Executor fileExecutor) {
        this.exchange = exchange;
        this.fill = fill;
        this.fileExecutor = fileExecutor;
        this.loop = exchange.ctx().executor();
    }

    /** Starts following; call on the client's event loop. */
    public void start() {
        pump();
    }

    private void pump() {
        if (exchange.isDone()) {
            closeFile();
            return;
        }
        if (!exchange.ctx().channel().isActive()) {
            closeFile();
            exchange.abort();
            return;
        }
        long limit = fill.sendableLimit();
        if (position < limit) {
            if (file == null) {
                fill.openReader().whenCompleteAsync((channel, err) -> {
                    if (err != null) {
                        exchange.abort();
                    } else {
                        file = channel;
                        pump();
                    }
                }, loop);
                return;
            }
            BodySender.sendFileRange(exchange, file, position, limit - position, fileExecutor).whenCompleteAsync((v, err) -> {
                if (err != null) {
                    closeFile();
                    exchange.abort();
                } else {
                    position = limit;
                    pump();
                }
            }, loop);
            return;
        }
        if (fill.isCommitted()) {
            closeFile();
            exchange.finish();
            return;
        }
        if (fill.failure().isPresent()) {
            closeFile();
            exchange.abort();
            return;
        }
        fill.awaitProgress(limit, () -> loop.execute(this::pump));
    }

    private void closeFile() {
        FileChannel toClose = file;
        file = null;
        if (toClose != null) {
            fileExecutor.execute(() -> {
                try {
                    toClose.close();
                } catch (IOException ignored) {
                    // Read-only channel: nothing was lost.
                }
            });
        }
    }
}
