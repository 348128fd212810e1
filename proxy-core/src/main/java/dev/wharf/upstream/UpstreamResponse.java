package dev.wharf.upstream;

import dev.wharf.storage.ByteSource;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.URI;

/**
 * An upstream response whose body is still on the wire. Close it when done, whether or not the body was
 * read: a connection whose body was read to its end goes back to the pool, any other is closed so that
 * unread bytes are never mistaken for the next response.
 */
public interface UpstreamResponse extends AutoCloseable {
    /** The HTTP status code. */
    int status();

    /** The response headers. */
    HttpHeaders headers();

    /** The URI that answered, after redirects. */
    URI uri();

    /**
     * True for a 401 the upstream sent although the request carried what its challenge asked for (a token from
     * its realm, or the Basic credentials): the account may not see the resource, or it does not exist (Docker
     * Hub answers so for repositories that do not exist). False for every other response, a 401 to a request
     * whose challenge could not be answered or a token endpoint's refusal included.
     */
    default boolean authenticationRejected() {
        return false;
    }

    /**
     * The body, streamed: each buffer is read from the connection only when asked for, and the caller owns
     * (and must release) every buffer it takes. May be called once; HEAD, 204 and 304 bodies are empty.
     * A connection lost before the end fails {@code next()} with {@link UpstreamTruncatedException}; a stall
     * longer than the read timeout fails it with {@link UpstreamTimeoutException}.
     */
    ByteSource body();

    /** The body as a source that also closes this response when closed: what a consumer that owns both takes. */
    default ByteSource closingBody() {
        ByteSource body = body();
        return new ByteSource() {
            @Override
            public java.util.concurrent.CompletableFuture<io.netty.buffer.ByteBuf> next() {
                return body.next();
            }

            @Override
            public void close() {
                body.close();
                UpstreamResponse.this.close();
            }
        };
    }

    /** The {@code Content-Length}, or -1 when absent or malformed (a chunked body, say). */
    default long contentLength() {
        String value = headers().get(io.netty.handler.codec.http.HttpHeaderNames.CONTENT_LENGTH);
        if (value == null) {
            return -1;
        }
        try {
            long length = Long.parseLong(value.trim());
            return length >= 0 ? length : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Releases the connection (see the type's description); idempotent. */
    @Override
    void close();
}
