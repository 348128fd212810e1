package dev.wharf.upstream;

import dev.wharf.storage.ByteSource;
import dev.wharf.storage.PushedByteSource;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;

/**
 * One request and its response on an {@link UpstreamConnection}: turns the decoded messages into a
 * response head (completing {@link #head()}) and a {@link PushedByteSource}, watches the read timeout, and
 * tells the connection when it can be pooled again or must be closed. Confined to the channel's event
 * loop; the consumer's calls go through {@link PushedByteSource}, which hops onto it.
 */
final class UpstreamExchange implements UpstreamResponse {
    private final HttpMethod method;
    private final URI uri;
    private final Duration readTimeout;
    /** Told the size of each body piece as it arrives, for the per-repository upstream byte count. */
    private final IntConsumer received;
    private final CompletableFuture<UpstreamResponse> head = new CompletableFuture<>();
    private UpstreamConnection connection;
    private ReadTimeout timeout;
    private PushedByteSource body;
    private HttpResponse response;
    private boolean skippingInformational;
    private boolean bodyTaken;
    private boolean done;
    private boolean anythingReceived;
    private long bodyBytes;

    UpstreamExchange(HttpMethod method, URI uri, Duration readTimeout, IntConsumer received) {
        this.method = method;
        this.uri = uri;
        this.readTimeout = readTimeout;
        this.received = received;
    }

    /** Completes with this exchange once the response head arrived; fails with an {@link UpstreamException}. */
    CompletableFuture<UpstreamResponse> head() {
        return head;
    }

    /** True once any part of a response arrived: a failure before that on a reused connection may be retried. */
    boolean anythingReceived() {
        return anythingReceived;
    }

    /** Binds the exchange to the connection that runs it; on its event loop, before the request is sent. */
    void attach(UpstreamConnection connection) {
        this.connection = connection;
        this.timeout = new ReadTimeout(connection.channel().eventLoop(), readTimeout.toNanos(),
                connection::lastReadNanos, this::onTimeout);
        this.body = new PushedByteSource(connection.channel().eventLoop(), "body of " + target(), this::waitForNetwork, this::cancel);
    }

    /** The request was sent: wait for the response head. */
    void awaitHead() {
        waitForNetwork();
    }

    /** A decoded message for this exchange; takes ownership of {@code msg}. */
    void onMessage(HttpObject msg) {
        anythingReceived = true;
        timeout.stopWaiting();
        if (response == null) {
            onHeadMessage(msg);
        } else {
            onContent((HttpContent) msg);
        }
    }

    /**
     * The connection closed. Messages decoded before the close may still sit in the flow control; they are
     * taken now, because the pipeline is torn down right after, and reach the consumer before the verdict
     * on whether the body was whole.
     */
    void onInactive() {
        while (!done && connection.pullRetained()) {
            // each pulled message went through onMessage
        }
        if (!done) {
            fail(response == null
                    ? new UpstreamConnectException(target() + ": the connection closed before a response arrived", null)
                    : truncated(null));
        }
    }

    void onError(Throwable cause) {
        if (!done) {
            fail(response == null ? Failures.connect(connection.key(), cause) : truncated(cause));
        }
    }

    private void onHeadMessage(HttpObject msg) {
        if (skippingInformational) {
            // An interim 1xx response ends with an empty last content; the real response follows.
            skippingInformational = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            waitForNetwork();
            return;
        }
        if (!(msg instanceof HttpResponse r) || r.decoderResult().isFailure()) {
            Throwable cause = msg.decoderResult().cause();
            ReferenceCountUtil.release(msg);
            fail(malformed("response head", cause));
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
            // The codec already produced the empty last content: take it now, so that the connection is
            // pooled even if the caller never touches the body.
            waitForNetwork();
        }
        if (!head.complete(this)) {
            close();
        }
    }

    private void onContent(HttpContent content) {
        if (content.decoderResult().isFailure()) {
            Throwable cause = content.decoderResult().cause();
            content.release();
            fail(cause instanceof PrematureChannelClosureException ? truncated(cause) : malformed("body", cause));
            return;
        }
        ByteBuf buf = content.content();
        bodyBytes += buf.readableBytes();
        if (buf.isReadable()) {
            received.accept(buf.readableBytes());
        }
        boolean last = content instanceof LastHttpContent;
        if (last) {
            done = true;
            timeout.stop();
            connection.finish(this, HttpUtil.isKeepAlive(response));
        }
        if (buf.isReadable()) {
            body.push(buf, last);
        } else {
            buf.release();
            body.push(null, last);
        }
    }

    private boolean bodyKnownEmpty() {
        int code = response.status().code();
        return method.equals(HttpMethod.HEAD) || code == 204 || code == 304
                || HttpUtil.getContentLength(response, -1L) == 0L;
    }

    private void waitForNetwork() {
        timeout.startWaiting();
        connection.requestRead();
    }

    private void onTimeout() {
        if (!done) {
            fail(new UpstreamTimeoutException(target() + ": no bytes for " + timeout.timeoutMillis()
                    + " ms while waiting for the " + (response == null ? "response" : "body") + " (read timeout)", null));
        }
    }

    /** The consumer closed the body before its end: the connection cannot be reused. */
    private void cancel() {
        if (!done) {
            done = true;
            timeout.stop();
            connection.abort(this);
        }
    }

    private void fail(UpstreamException e) {
        done = true;
        timeout.stop();
        connection.abort(this);
        if (!head.completeExceptionally(e)) {
            body.fail(e);
        }
    }

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
    public synchronized ByteSource body() {
        if (bodyTaken) {
            throw new IllegalStateException("body of " + target() + " already taken");
        }
        bodyTaken = true;
        return body;
    }

    @Override
    public void close() {
        body.close();
    }

    private UpstreamTruncatedException truncated(Throwable cause) {
        long declared = HttpUtil.getContentLength(response, -1L);
        String of = HttpUtil.isTransferEncodingChunked(response) ? " of a chunked body" : declared >= 0 ? " of " + declared : "";
        return new UpstreamTruncatedException(target() + ": the connection ended after " + bodyBytes + of
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
