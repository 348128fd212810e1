package dev.wharf.upstream;

import dev.wharf.storage.ByteSource;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One request and its response on an {@link UpstreamConnection}: completes {@link #head()} with the
 * response once its head arrives, then streams the body to one consumer through {@link ByteSource}. The
 * socket is read only when the consumer asks for a buffer and none is held, so a slow consumer slows the
 * upstream down. Confined to the channel's event loop; consumer calls from other threads hop onto it.
 */
final class Exchange implements ByteSource, UpstreamResponse {
    private final HttpMethod method;
    private final URI uri;
    private final long readTimeoutNanos;
    private final CompletableFuture<UpstreamResponse> head = new CompletableFuture<>();
    private final ArrayDeque<ByteBuf> buffered = new ArrayDeque<>();
    private UpstreamConnection connection;
    private EventLoop loop;
    private HttpResponse response;
    private boolean skippingInformational;
    private boolean bodyTaken;
    private CompletableFuture<ByteBuf> pending;
    private boolean ended;
    private boolean closed;
    private UpstreamException failure;
    private boolean anythingReceived;
    private long bodyBytes;
    private boolean awaiting;
    private long awaitingSinceNanos;
    private ScheduledFuture<?> timer;

    Exchange(HttpMethod method, URI uri, Duration readTimeout) {
        this.method = method;
        this.uri = uri;
        this.readTimeoutNanos = readTimeout.toNanos();
    }

    /** Completes with this exchange as the response once the head arrived; fails with an {@link UpstreamException}. */
    CompletableFuture<UpstreamResponse> head() {
        return head;
    }

    /** True once any part of a response arrived: a failure before that on a reused connection may be retried. */
    boolean anythingReceived() {
        return anythingReceived;
    }

    void attach(UpstreamConnection connection) {
        this.connection = connection;
        this.loop = connection.channel().eventLoop();
    }

    void awaitHead() {
        waitForNetwork();
    }

    // ---- events from the connection, on the event loop ----

    /** Takes ownership of {@code msg}. */
    void onMessage(HttpObject msg) {
        anythingReceived = true;
        awaiting = false;
        if (response == null) {
            onHeadMessage(msg);
            return;
        }
        HttpContent content = (HttpContent) msg;
        if (content.decoderResult().isFailure()) {
            Throwable cause = content.decoderResult().cause();
            content.release();
            fail(cause instanceof PrematureChannelClosureException ? truncated(cause) : malformed("body", cause));
            return;
        }
        ByteBuf buf = content.content();
        if (buf.isReadable() && !closed) {
            bodyBytes += buf.readableBytes();
            buffered.add(buf);
        } else {
            buf.release();
        }
        if (content instanceof LastHttpContent) {
            ended = true;
            stopTimer();
            connection.finish(this, HttpUtil.isKeepAlive(response));
        }
        serve();
    }

    /**
     * The connection closed. Messages decoded before the close may still sit in the flow control; they are
     * taken now, because the pipeline is torn down right after, and the consumer gets them before learning
     * whether the body was whole.
     */
    void onInactive() {
        while (!ended && failure == null && connection.pullRetained()) {
            // each pulled message went through onMessage
        }
        if (!ended && failure == null) {
            fail(response == null
                    ? new UpstreamConnectException(target() + ": the connection closed before a response arrived", null)
                    : truncated(null));
        }
        serve();
    }

    void onError(Throwable cause) {
        if (ended || failure != null) {
            return;
        }
        fail(response == null ? Failures.connect(connection.key(), cause) : truncated(cause));
    }

    private void onHeadMessage(HttpObject msg) {
        if (skippingInformational) {
            // An interim 1xx response ends with an empty last content; the real response follows.
            skippingInformational = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            waitForNetwork();
            return;
        }
        if (!(msg instanceof HttpResponse r)) {
            ReferenceCountUtil.release(msg);
            fail(new UpstreamProtocolException(target() + ": body bytes before a response head", null));
            return;
        }
        if (r.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            fail(malformed("response head", r.decoderResult().cause()));
            return;
        }
        int code = r.status().code();
        if (code >= 100 && code < 200 && code != 101) {
            skippingInformational = true;
            ReferenceCountUtil.release(msg);
            waitForNetwork();
            return;
        }
        response = r;
        if (bodyKnownEmpty()) {
            // The codec already produced the empty last content: take it now so the connection is pooled
            // even if the caller never touches the body.
            waitForNetwork();
        }
        if (!head.complete(this)) {
            close();
        }
    }

    private boolean bodyKnownEmpty() {
        int code = response.status().code();
        return method.equals(HttpMethod.HEAD) || code == 204 || code == 304
                || HttpUtil.getContentLength(response, -1L) == 0L;
    }

    // ---- the consumer side ----

    @Override
    public int status() {
        return response.status().code();
    }

    @Override
    public HttpHeaders headers() {
        return response.headers();
    }

    @Override
    public URI uri() {
        return uri;
    }

    @Override
    public ByteSource body() {
        if (bodyTaken) {
            throw new IllegalStateException("body of " + target() + " already taken");
        }
        bodyTaken = true;
        return this;
    }

    /**
     * The next body buffer, which the caller then owns, or null at the end. Completes on the event loop.
     */
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
            hop.completeExceptionally(new UpstreamConnectException(target() + ": the event loop is shut down", e));
        }
        return hop;
    }

    @Override
    public void close() {
        if (loop.inEventLoop()) {
            closeOnLoop();
        } else {
            try {
                loop.execute(this::closeOnLoop);
            } catch (RejectedExecutionException e) {
                connection.channel().close();
            }
        }
    }

    private CompletableFuture<ByteBuf> nextOnLoop() {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("body of " + target() + " is closed"));
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
        stopTimer();
        ByteBuf buf;
        while ((buf = buffered.poll()) != null) {
            buf.release();
        }
        if (pending != null) {
            CompletableFuture<ByteBuf> p = pending;
            pending = null;
            p.completeExceptionally(new CancellationException("body of " + target() + " closed"));
        }
        if (!ended) {
            connection.abort(this);
        }
    }

    /** Answers a waiting consumer from what is held, or asks the connection for more. */
    private void serve() {
        if (pending == null) {
            return;
        }
        if (!buffered.isEmpty()) {
            complete(buffered.poll());
        } else if (failure != null) {
            CompletableFuture<ByteBuf> p = pending;
            pending = null;
            p.completeExceptionally(failure);
        } else if (ended) {
            complete(null);
        } else {
            waitForNetwork();
        }
    }

    private void complete(ByteBuf buf) {
        CompletableFuture<ByteBuf> p = pending;
        pending = null;
        if (!p.complete(buf) && buf != null) {
            buf.release();
        }
    }

    private void fail(UpstreamException e) {
        if (failure != null || ended) {
            return;
        }
        failure = e;
        stopTimer();
        connection.abort(this);
        if (!head.completeExceptionally(e)) {
            serve();
        }
    }

    // ---- the read timeout ----

    private void waitForNetwork() {
        awaiting = true;
        awaitingSinceNanos = System.nanoTime();
        if (timer == null) {
            timer = loop.schedule(this::checkTimeout, readTimeoutNanos, TimeUnit.NANOSECONDS);
        }
        connection.requestRead();
    }

    private void checkTimeout() {
        timer = null;
        if (!awaiting || ended || failure != null || closed) {
            return;
        }
        long quiet = System.nanoTime() - Math.max(awaitingSinceNanos, connection.lastReadNanos());
        if (quiet >= readTimeoutNanos) {
            fail(new UpstreamTimeoutException(target() + ": no bytes for " + Duration.ofNanos(readTimeoutNanos).toMillis()
                    + " ms while waiting for the " + (response == null ? "response" : "body") + " (read timeout)", null));
        } else {
            timer = loop.schedule(this::checkTimeout, readTimeoutNanos - quiet, TimeUnit.NANOSECONDS);
        }
    }

    private void stopTimer() {
        awaiting = false;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    // ---- messages ----

    private UpstreamTruncatedException truncated(Throwable cause) {
        String declared = response == null ? "" : HttpUtil.isTransferEncodingChunked(response) ? " of a chunked body"
                : HttpUtil.getContentLength(response, -1L) >= 0 ? " of " + HttpUtil.getContentLength(response, -1L) : "";
        return new UpstreamTruncatedException(target() + ": the connection ended after " + bodyBytes + declared
                + " body bytes" + (cause == null || cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"), cause);
    }

    private UpstreamProtocolException malformed(String part, Throwable cause) {
        return new UpstreamProtocolException(target() + ": malformed " + part
                + (cause == null ? "" : " (" + cause.getMessage() + ")"), cause);
    }

    private String target() {
        return method + " " + HostKey.describe(uri);
    }
}
