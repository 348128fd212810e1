package dev.wharf.server;

import dev.wharf.storage.ByteSource;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * The body of the request being served, as a pull stream: the router pushes the pieces it decodes, one
 * consumer pulls them with {@link #next()}. The socket is read only when the consumer waits and nothing is
 * held, which is the backpressure towards the client (auto-read is off). More than {@code limit} bytes fail
 * the stream with {@link RequestBodyTooLargeException}. Confined to the channel's event loop; calls from
 * other threads hop onto it, and futures complete on it.
 */
final class RequestBody implements ByteSource {
    private final EventLoop loop;
    private final long limit;
    private final Runnable demand;
    private final Runnable onClose;
    private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();
    private CompletableFuture<ByteBuf> pending;
    private long received;
    private boolean ended;
    private RuntimeException failure;
    private boolean closed;

    /**
     * @param demand  asks the channel for one more message
     * @param onClose runs once when the consumer closes the stream, whether or not it reached the end
     */
    RequestBody(EventLoop loop, long limit, Runnable demand, Runnable onClose) {
        this.loop = loop;
        this.limit = limit;
        this.demand = demand;
        this.onClose = onClose;
    }

    /** Takes ownership of {@code buf}; {@code last} marks the end of the body. */
    void push(ByteBuf buf, boolean last) {
        received += buf.readableBytes();
        if (closed || failure != null) {
            buf.release();
        } else if (received > limit) {
            buf.release();
            fail(new RequestBodyTooLargeException(limit));
            return;
        } else if (buf.isReadable()) {
            held.add(buf);
        } else {
            buf.release();
        }
        ended |= last;
        serve();
    }

    /** The body cannot complete (malformed, connection lost): the consumer gets what is held, then this. */
    void fail(RuntimeException cause) {
        if (ended || failure != null) {
            return;
        }
        failure = cause;
        serve();
    }

    /** True once the last piece arrived. */
    boolean ended() {
        return ended;
    }

    /** The next buffer, which the caller then owns, or null at the end. */
    @Override
    public CompletableFuture<ByteBuf> next() {
        if (loop.inEventLoop()) {
            return nextOnLoop();
        }
        CompletableFuture<ByteBuf> hop = new CompletableFuture<>();
        try {
            loop.execute(() -> nextOnLoop().whenComplete((buf, e) -> {
                if (e != null) {
                    hop.completeExceptionally(e);
                } else if (!hop.complete(buf) && buf != null) {
                    buf.release();
                }
            }));
        } catch (RejectedExecutionException e) {
            hop.completeExceptionally(new IllegalStateException("the connection's event loop is shut down", e));
        }
        return hop;
    }

    /** Releases what is held; the router discards or refuses whatever of the body is still to come. */
    @Override
    public void close() {
        if (loop.inEventLoop()) {
            closeOnLoop();
        } else {
            try {
                loop.execute(this::closeOnLoop);
            } catch (RejectedExecutionException ignored) {
                // The channel is gone with its loop: nothing is held any more.
            }
        }
    }

    private CompletableFuture<ByteBuf> nextOnLoop() {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("request body is closed"));
        }
        if (pending != null) {
            return CompletableFuture.failedFuture(new IllegalStateException("next() called before the previous one completed"));
        }
        CompletableFuture<ByteBuf> f = new CompletableFuture<>();
        pending = f;
        serve();
        return f;
    }

    private void closeOnLoop() {
        if (closed) {
            return;
        }
        closed = true;
        ByteBuf buf;
        while ((buf = held.poll()) != null) {
            buf.release();
        }
        if (pending != null) {
            CompletableFuture<ByteBuf> p = pending;
            pending = null;
            p.completeExceptionally(new CancellationException("request body closed"));
        }
        onClose.run();
    }

    private void serve() {
        if (pending == null) {
            return;
        }
        CompletableFuture<ByteBuf> p = pending;
        if (!held.isEmpty()) {
            pending = null;
            ByteBuf buf = held.poll();
            if (!p.complete(buf)) {
                buf.release();
            }
        } else if (failure != null) {
            pending = null;
            p.completeExceptionally(failure);
        } else if (ended) {
            pending = null;
            p.complete(null);
        } else {
            demand.run();
        }
    }
}
