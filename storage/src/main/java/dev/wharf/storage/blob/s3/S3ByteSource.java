package dev.wharf.storage.blob.s3;

import dev.wharf.storage.ByteSource;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Streams bytes {@code [offset, offset + length)} of an S3 object with one ranged {@code GET}, under real
 * backpressure: one buffer is requested from the SDK's body publisher only when the consumer asks for the next
 * one, so the SDK's Netty client reads from its connection at the consumer's pace. The SDK copies each chunk of
 * the response into a heap {@link ByteBuffer}; that buffer is wrapped, not copied again.
 *
 * <p>A body cut short, or a response of another length than the range, fails the stream rather than end it.
 * The SDK may retry a request that failed before its body began; a body that already began is never replaced by
 * a retried one. A consumer that asks for nothing for as long as the SDK's read timeout (30 s) lets the request
 * time out. Callbacks arrive on the SDK's threads, so futures complete there.
 */
final class S3ByteSource implements ByteSource {
    private final long length;
    private final Subscriber<ByteBuffer> subscriber = new BodySubscriber();
    // Guarded by this.
    private CompletableFuture<Void> attempt; // the SDK's current try of the request
    private CompletableFuture<?> request;
    private Subscription subscription;
    private boolean requested;
    private boolean streaming; // a body was taken: any later one is refused
    private CompletableFuture<ByteBuf> waiting;
    private long received;
    private boolean ended;
    private Throwable failure;
    private boolean closed;

    private S3ByteSource(long length) {
        this.length = length;
        this.ended = length == 0;
    }

    /** Starts the GET of {@code [offset, offset + length)} of {@code key}; a zero length sends nothing. */
    static S3ByteSource get(S3Bucket bucket, String key, long offset, long length) {
        S3ByteSource source = new S3ByteSource(length);
        if (length > 0) {
            CompletableFuture<?> request = bucket.client().getObject(b -> b.bucket(bucket.name()).key(key)
                    .range("bytes=" + offset + "-" + (offset + length - 1)), source.new Body());
            synchronized (source) {
                source.request = request;
            }
            request.whenComplete((v, error) -> {
                if (error != null) {
                    source.fail(error);
                }
            });
        }
        return source;
    }

    /** {@inheritDoc} The returned buffer, a heap buffer, is the caller's to release. */
    @Override
    public CompletableFuture<ByteBuf> next() {
        Subscription demand = null;
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
            if (ended) {
                return CompletableFuture.completedFuture(null);
            }
            next = new CompletableFuture<>();
            waiting = next;
            if (subscription != null && !requested) {
                requested = true;
                demand = subscription;
            }
        }
        if (demand != null) {
            demand.request(1);
        }
        return next;
    }

    /** Bytes the SDK handed over so far: with one buffer requested at a time, at most one more than consumed. */
    synchronized long bytesReceived() {
        return received;
    }

    /** {@inheritDoc} Cancels the body (the SDK then drops its connection) or the request still in flight. */
    @Override
    public void close() {
        Subscription body;
        CompletableFuture<ByteBuf> pending;
        CompletableFuture<Void> tried;
        CompletableFuture<?> inFlight;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            body = subscription;
            pending = waiting;
            waiting = null;
            tried = attempt;
            inFlight = request;
        }
        if (body != null) {
            body.cancel();
        }
        CancellationException cancelled = new CancellationException("byte source closed");
        if (pending != null) {
            pending.completeExceptionally(cancelled);
        }
        if (tried != null) {
            tried.completeExceptionally(cancelled);
        }
        if (inFlight != null) {
            inFlight.cancel(false);
        }
    }

    /** The stream cannot complete: a waiting consumer learns it now, a later one on its next call. */
    private void fail(Throwable cause) {
        CompletableFuture<ByteBuf> pending;
        synchronized (this) {
            if (ended || failure != null || closed) {
                return;
            }
            failure = cause;
            pending = waiting;
            waiting = null;
        }
        if (pending != null) {
            pending.completeExceptionally(cause);
        }
    }

    /** Hands the GET's response to this source: one body, for one try of the request. */
    private final class Body implements AsyncResponseTransformer<GetObjectResponse, Void> {
        @Override
        public CompletableFuture<Void> prepare() {
            CompletableFuture<Void> tried = new CompletableFuture<>();
            synchronized (S3ByteSource.this) {
                attempt = tried;
            }
            return tried;
        }

        @Override
        public void onResponse(GetObjectResponse response) {
            if (response.contentLength() == null || response.contentLength() != length) {
                fail(new IOException("S3 answered a range of " + length + " bytes with " + response.contentLength()));
            }
        }

        @Override
        public void onStream(SdkPublisher<ByteBuffer> publisher) {
            boolean take;
            CompletableFuture<Void> tried;
            synchronized (S3ByteSource.this) {
                take = !streaming && !closed && failure == null;
                streaming = true;
                tried = attempt;
            }
            if (take) {
                publisher.subscribe(subscriber);
            } else {
                publisher.subscribe(new Refusal());
                tried.completeExceptionally(new CancellationException("the range is no longer wanted"));
            }
        }

        @Override
        public void exceptionOccurred(Throwable error) {
            CompletableFuture<Void> tried;
            boolean live;
            synchronized (S3ByteSource.this) {
                tried = attempt;
                live = streaming;
            }
            if (tried != null) {
                tried.completeExceptionally(error);
            }
            // Before any body the SDK may still retry, and the request's own future reports the final failure.
            if (live) {
                fail(error);
            }
        }
    }

    /** Receives the body, one buffer per request. */
    private final class BodySubscriber implements Subscriber<ByteBuffer> {
        @Override
        public void onSubscribe(Subscription s) {
            boolean cancel;
            boolean demand = false;
            synchronized (S3ByteSource.this) {
                cancel = closed;
                if (!cancel) {
                    subscription = s;
                    if (waiting != null && !requested) {
                        requested = true;
                        demand = true;
                    }
                }
            }
            if (cancel) {
                s.cancel();
            } else if (demand) {
                s.request(1);
            }
        }

        @Override
        public void onNext(ByteBuffer bytes) {
            ByteBuf buf = Unpooled.wrappedBuffer(bytes);
            CompletableFuture<ByteBuf> pending = null;
            Subscription again = null;
            Throwable overrun = null;
            synchronized (S3ByteSource.this) {
                requested = false;
                received += buf.readableBytes();
                if (closed || failure != null) {
                    buf.release(); // nobody wants the rest
                    return;
                }
                if (received > length) {
                    overrun = new IOException("S3 sent more than the " + length + " bytes of the range");
                } else if (!buf.isReadable()) {
                    requested = true; // an empty chunk: ask again for the consumer still waiting
                    again = subscription;
                } else {
                    // Only a waiting consumer makes us ask, so there is one.
                    pending = waiting;
                    waiting = null;
                }
            }
            if (pending == null) {
                buf.release();
            } else if (!pending.complete(buf)) {
                buf.release(); // the consumer cancelled its future: nobody takes the buffer
            }
            if (overrun != null) {
                fail(overrun);
                again = null;
            }
            if (again != null) {
                again.request(1);
            }
        }

        @Override
        public void onError(Throwable error) {
            fail(error);
            completeAttempt(error);
        }

        @Override
        public void onComplete() {
            CompletableFuture<ByteBuf> pending = null;
            Throwable truncated = null;
            synchronized (S3ByteSource.this) {
                if (received != length) {
                    truncated = new IOException("S3 ended the range after " + received + " of " + length + " bytes");
                } else if (!closed && failure == null) {
                    ended = true;
                    pending = waiting;
                    waiting = null;
                }
            }
            if (truncated != null) {
                fail(truncated);
                completeAttempt(truncated);
                return;
            }
            if (pending != null) {
                pending.complete(null);
            }
            completeAttempt(null);
        }

        private void completeAttempt(Throwable error) {
            CompletableFuture<Void> tried;
            synchronized (S3ByteSource.this) {
                tried = attempt;
            }
            if (error == null) {
                tried.complete(null);
            } else {
                tried.completeExceptionally(error);
            }
        }
    }

    /** Takes a body nobody wants (a retry's, after the first body began) and cancels it at once. */
    private static final class Refusal implements Subscriber<ByteBuffer> {
        @Override
        public void onSubscribe(Subscription s) {
            s.cancel();
        }

        @Override
        public void onNext(ByteBuffer bytes) {
        }

        @Override
        public void onError(Throwable error) {
        }

        @Override
        public void onComplete() {
        }
    }
}
