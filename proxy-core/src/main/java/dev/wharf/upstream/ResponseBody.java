package dev.wharf.upstream;

import dev.wharf.storage.ByteSource;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * The body of an upstream response as a pull stream: the {@link UpstreamExchange} pushes the buffers it decodes,
 * one consumer pulls them with {@link #next()}. More is asked for ({@code demand}) only when the consumer
 * waits and nothing is held, which is the backpressure. Confined to the connection's event loop; calls
 * from other threads hop onto it, and futures complete on it.
 */
final class ResponseBody implements ByteSource {
    private final EventLoop loop;
    private final String target;
    private final Runnable demand;
    private final Runnable cancel;
    private final ArrayDeque<ByteBuf> buffered = new ArrayDeque<>();
    private CompletableFuture<ByteBuf> pending;
    private boolean ended;
    private UpstreamException failure;
    private boolean closed;

    /**
     * @param target names the request in messages
     * @param demand asks the connection for one more message
     * @param cancel gives up on the rest: called once, when the consumer closes before the end
     */
    ResponseBody(EventLoop loop, String target, Runnable demand, Runnable cancel) {
        this.loop = loop;
        this.target = target;
        this.demand = demand;
        this.cancel = cancel;
    }

    /** Takes ownership of {@code buf} (null for none); {@code last} marks the end of the body. */
    void push(ByteBuf buf, boolean last) {
        if (buf != null) {
            if (closed || failure != null) {
                buf.release();
            } else {
                buffered.add(buf);
            }
        }
        ended |= last;
        serve();
    }

    /** The body cannot complete: the consumer gets what is held, then {@code e}. */
    void fail(UpstreamException e) {
        if (ended || failure != null) {
            return;
        }
        failure = e;
        serve();
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
            hop.completeExceptionally(new UpstreamConnectException(target + ": the event loop is shut down", e));
        }
        return hop;
    }

    /** Releases what is held and, before the end, cancels the rest; idempotent. */
    @Override
    public void close() {
        if (loop.inEventLoop()) {
            closeOnLoop();
        } else {
            try {
                loop.execute(this::closeOnLoop);
            } catch (RejectedExecutionException e) {
                cancel.run();
            }
        }
    }

    private CompletableFuture<ByteBuf> nextOnLoop() {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("body of " + target + " is closed"));
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
        while ((buf = buffered.poll()) != null) {
            buf.release();
        }
        if (pending != null) {
            CompletableFuture<ByteBuf> p = pending;
            pending = null;
            p.completeExceptionally(new CancellationException("body of " + target + " closed"));
        }
        if (!ended && failure == null) {
            cancel.run();
        }
    }

    /** Answers a waiting consumer from what is held, or asks for more. */
    private void serve() {
        if (pending == null) {
            return;
        }
        CompletableFuture<ByteBuf> p = pending;
        if (!buffered.isEmpty()) {
            pending = null;
            ByteBuf buf = buffered.poll();
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
