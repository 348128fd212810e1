package dev.wharf.storage;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * A {@link ByteSource} a producer pushes into and one consumer pulls from: a body arriving on a connection
 * (an upstream response, a client's request). More is asked of the producer ({@code demand}) only when the
 * consumer waits and nothing is held, which is the backpressure. Confined to the producer's event loop;
 * calls from other threads hop onto it, and futures complete on it.
 */
public final class PushedByteSource implements ByteSource {
    private final EventExecutor loop;
    private final String what;
    private final Runnable demand;
    private final Runnable onEarlyClose;
    private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();
    private CompletableFuture<ByteBuf> pending;
    private boolean ended;
    private RuntimeException failure;
    private boolean closed;

    /**
     * @param what         names the body in messages
     * @param demand       asks the producer for one more piece
     * @param onEarlyClose runs once when the consumer closes before the end (and before a failure): the
     *                     producer gives up on the rest
     */
    public PushedByteSource(EventExecutor loop, String what, Runnable demand, Runnable onEarlyClose) {
        this.loop = loop;
        this.what = what;
        this.demand = demand;
        this.onEarlyClose = onEarlyClose;
    }

    /** On the loop: takes ownership of {@code buf} (null for none); {@code last} marks the end of the body. */
    public void push(ByteBuf buf, boolean last) {
        if (buf != null) {
            if (closed || failure != null || !buf.isReadable()) {
                buf.release();
            } else {
                held.add(buf);
            }
        }
        ended |= last;
        serve();
    }

    /** On the loop: the body cannot complete; the consumer gets what is held, then {@code cause}. */
    public void fail(RuntimeException cause) {
        if (ended || failure != null) {
            return;
        }
        failure = cause;
        serve();
    }

    /** True once the last piece arrived. */
    public boolean ended() {
        return ended;
    }

    /** The next buffer, which the caller then owns and must release, or null at the end. */
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
            hop.completeExceptionally(new IllegalStateException(what + ": the event loop is shut down", e));
        }
        return hop;
    }

    /** Releases what is held and, before the end, tells the producer to give up; idempotent. */
    @Override
    public void close() {
        if (loop.inEventLoop()) {
            closeOnLoop();
        } else {
            try {
                loop.execute(this::closeOnLoop);
            } catch (RejectedExecutionException e) {
                onEarlyClose.run();
            }
        }
    }

    private CompletableFuture<ByteBuf> nextOnLoop() {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException(what + " is closed"));
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
            p.completeExceptionally(new CancellationException(what + " closed"));
        }
        if (!ended && failure == null) {
            onEarlyClose.run();
        }
    }

    /** Answers a waiting consumer from what is held, or asks for more. */
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
