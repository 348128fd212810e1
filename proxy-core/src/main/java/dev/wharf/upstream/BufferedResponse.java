package dev.wharf.upstream;

import dev.wharf.storage.ByteSource;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * A small upstream response read whole into memory, such as a token endpoint's refusal, so that every request
 * waiting on one shared token fetch can be given a response of its own. Holds no connection.
 */
final class BufferedResponse implements UpstreamResponse {
    private final int status;
    private final HttpHeaders headers;
    private final URI uri;
    private final byte[] body;
    private boolean bodyTaken;

    /** Copies {@code headers}; {@code body} is kept as it is and never changed. */
    BufferedResponse(int status, HttpHeaders headers, URI uri, byte[] body) {
        this.status = status;
        this.headers = new DefaultHttpHeaders().set(headers);
        this.uri = uri;
        this.body = body;
    }

    /** Another response with the same status, headers and body. */
    BufferedResponse copy() {
        return new BufferedResponse(status, headers, uri, body);
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public HttpHeaders headers() {
        return headers;
    }

    @Override
    public URI uri() {
        return uri;
    }

    /** One buffer with the whole body (the caller owns it), then the end. */
    @Override
    public synchronized ByteSource body() {
        if (bodyTaken) {
            throw new IllegalStateException("body of " + HostKey.describe(uri) + " already taken");
        }
        bodyTaken = true;
        return new ByteSource() {
            private boolean served = body.length == 0;

            @Override
            public synchronized CompletableFuture<ByteBuf> next() {
                ByteBuf next = served ? null : Unpooled.wrappedBuffer(body);
                served = true;
                return CompletableFuture.completedFuture(next);
            }

            @Override
            public void close() {
                // Nothing is held: the bytes are on the heap and no connection is attached.
            }
        };
    }

    @Override
    public void close() {
        // Holds no connection.
    }
}
