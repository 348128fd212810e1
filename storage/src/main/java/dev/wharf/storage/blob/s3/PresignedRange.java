package dev.wharf.storage.blob.s3;

import dev.wharf.storage.ByteSource;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Streams bytes {@code [offset, offset + length)} of an S3 object with one ranged {@code GET} of a presigned URL on
 * an {@link S3Http} connection. The buffers Netty read go to the consumer as they are (no copy); reading runs
 * ahead of the consumer by at most {@value #READ_AHEAD} bytes and then waits for it, so a slow client holds back
 * S3, not memory.
 *
 * <p>A status other than 206 (or 200 for a whole object), a length other than the range's, or a body cut short
 * fails the stream rather than end it. A kept-alive connection that turns out closed before any response is
 * retried once on a new one. A consumer may pause for as long as it likes; only a wait for bytes that S3 does
 * not send for {@value #STALL_SECONDS} s fails the stream. Futures complete on the connection's event loop.
 */
final class PresignedRange implements ByteSource {
    /** Bytes queued ahead of the consumer before reading stops. */
    static final int READ_AHEAD = 1 << 20;
    static final long STALL_SECONDS = 30;

    private final S3Http http;
    private final URI url;
    private final long offset;
    private final long length;
    // Guarded by this.
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private long queued;
    private long received;
    private S3Http.Connection connection;
    private boolean reading;
    private boolean ended;
    private Throwable failure;
    private boolean closed;
    private CompletableFuture<ByteBuf> waiting;

    private PresignedRange(S3Http http, URI url, long offset, long length) {
        this.http = http;
        this.url = url;
        this.offset = offset;
        this.length = length;
        this.ended = length == 0;
    }

    /** Starts the GET of {@code [offset, offset + length)} at the presigned {@code url}; a zero length sends nothing. */
    static PresignedRange get(S3Http http, URI url, long offset, long length) {
        PresignedRange range = new PresignedRange(http, url, offset, length);
        if (length > 0) {
            range.send(false);
        }
        return range;
    }

    /** {@inheritDoc} The returned buffer is the caller's to release. */
    @Override
    public CompletableFuture<ByteBuf> next() {
        CompletableFuture<ByteBuf> next;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("byte source is closed"));
            }
            if (waiting != null) {
                return CompletableFuture.failedFuture(
                        new IllegalStateException("next() called before the previous one completed"));
            }
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            ByteBuf ready = queue.poll();
            if (ready != null) {
                queued -= ready.readableBytes();
                next = CompletableFuture.completedFuture(ready);
            } else if (ended) {
                return CompletableFuture.completedFuture(null);
            } else {
                next = new CompletableFuture<>();
                waiting = next;
                watchForStall(next, received);
            }
        }
        readMore();
        return next;
    }

    /** Bytes received from S3 so far, consumed or queued. */
    synchronized long bytesReceived() {
        return received;
    }

    /** {@inheritDoc} Closes the connection unless the body was read whole (it is then reused). */
    @Override
    public void close() {
        CompletableFuture<ByteBuf> pending;
        S3Http.Connection open;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            pending = waiting;
            waiting = null;
            open = ended ? null : connection;
            releaseQueue();
        }
        if (pending != null) {
            pending.completeExceptionally(new CancellationException("byte source closed"));
        }
        if (open != null) {
            open.release(false);
        }
    }

    private void send(boolean retry) {
        http.acquire(url).whenComplete((acquired, error) -> {
            if (error != null) {
                fail(new IOException("S3 GET " + url.getRawPath() + ": " + error.getMessage(), error));
                return;
            }
            synchronized (this) {
                if (closed || failure != null) {
                    acquired.release(false);
                    return;
                }
                connection = acquired;
                reading = true;
            }
            Channel channel = acquired.channel();
            channel.pipeline().addLast(new Reader(acquired, retry));
            HttpRequest request = S3Http.request(HttpMethod.GET, url);
            request.headers().set(HttpHeaderNames.RANGE, "bytes=" + offset + "-" + (offset + length - 1));
            channel.write(request);
            channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            channel.read();
        });
    }

    /** Asks the connection for more when the consumer is not far enough behind and nothing is being read. */
    private void readMore() {
        Channel channel;
        synchronized (this) {
            if (connection == null || reading || ended || closed || failure != null || queued >= READ_AHEAD) {
                return;
            }
            reading = true;
            channel = connection.channel();
        }
        channel.read();
    }

    private void watchForStall(CompletableFuture<ByteBuf> pending, long receivedBefore) {
        if (connection == null) {
            return; // still connecting, which has a timeout of its own
        }
        connection.channel().eventLoop().schedule(() -> {
            boolean stalled;
            synchronized (this) {
                stalled = waiting == pending && received == receivedBefore;
            }
            if (stalled) {
                fail(new IOException("S3 sent nothing for " + STALL_SECONDS + " s after " + receivedBefore + " of "
                        + length + " bytes"));
            }
        }, STALL_SECONDS, TimeUnit.SECONDS);
    }

    private void fail(Throwable cause) {
        CompletableFuture<ByteBuf> pending;
        S3Http.Connection open;
        synchronized (this) {
            if (failure != null || closed || (ended && queue.isEmpty())) {
                return;
            }
            failure = cause;
            pending = waiting;
            waiting = null;
            open = connection;
            releaseQueue();
        }
        if (pending != null) {
            pending.completeExceptionally(cause);
        }
        if (open != null) {
            open.release(false);
        }
    }

    private void releaseQueue() {
        for (ByteBuf buf = queue.poll(); buf != null; buf = queue.poll()) {
            buf.release();
        }
        queued = 0;
    }

    /** Reads the response of one exchange; removed once the body is complete. */
    private final class Reader extends ChannelInboundHandlerAdapter {
        private final S3Http.Connection exchange;
        private final boolean retried;
        private boolean responded;
        private boolean keepAlive;
        private boolean done;

        Reader(S3Http.Connection exchange, boolean retried) {
            this.exchange = exchange;
            this.retried = retried;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (done) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof HttpResponse response) {
                responded = true;
                keepAlive = HttpUtil.isKeepAlive(response);
                HttpResponseStatus status = response.status();
                boolean whole = status.code() == 200 && offset == 0;
                long declared = HttpUtil.getContentLength(response, -1L);
                if (status.code() != 206 && !whole) {
                    finish(ctx, new IOException("S3 answered a ranged GET with " + status));
                } else if (declared != length) {
                    finish(ctx, new IOException("S3 answered a range of " + length + " bytes with " + declared));
                }
            }
            if (done || !(msg instanceof HttpContent content)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            ByteBuf bytes = content.content();
            CompletableFuture<ByteBuf> pending = null;
            boolean last = msg instanceof LastHttpContent;
            synchronized (PresignedRange.this) {
                received += bytes.readableBytes();
                if (closed || failure != null || !bytes.isReadable() || received > length) {
                    bytes.release();
                } else if (waiting != null) {
                    pending = waiting;
                    waiting = null;
                } else {
                    queue.add(bytes);
                    queued += bytes.readableBytes();
                }
            }
            if (pending != null && !pending.complete(bytes)) {
                bytes.release();
            }
            if (received > length) {
                finish(ctx, new IOException("S3 sent more than the " + length + " bytes of the range"));
            } else if (last) {
                finish(ctx, received == length ? null
                        : new IOException("S3 ended the range after " + received + " of " + length + " bytes"));
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            synchronized (PresignedRange.this) {
                reading = false;
            }
            if (!done) {
                readMore();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (done) {
                return;
            }
            done = true;
            ctx.pipeline().remove(this);
            if (!responded && exchange.reused() && !retried) {
                synchronized (PresignedRange.this) {
                    connection = null;
                    reading = false;
                }
                send(true); // a kept-alive connection the server had closed meanwhile
                return;
            }
            fail(new IOException("S3 closed the connection after " + bytesReceived() + " of " + length + " bytes"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!done) {
                finish(ctx, new IOException("S3 GET: " + cause.getMessage(), cause));
            }
        }

        /** Ends this exchange: the stream is complete ({@code error} null) or failed. */
        private void finish(ChannelHandlerContext ctx, Throwable error) {
            done = true;
            ctx.pipeline().remove(this);
            if (error != null) {
                fail(error);
                return;
            }
            CompletableFuture<ByteBuf> pending;
            boolean reusable;
            synchronized (PresignedRange.this) {
                ended = true;
                reusable = keepAlive && !closed;
                pending = queue.isEmpty() ? waiting : null;
                if (pending != null) {
                    waiting = null;
                }
            }
            exchange.release(reusable);
            if (pending != null) {
                pending.complete(null);
            }
        }
    }
}
