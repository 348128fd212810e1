package dev.wharf.format;

import dev.wharf.codec.ByteRange;
import dev.wharf.codec.UnsatisfiableRangeException;
import dev.wharf.server.BodySender;
import dev.wharf.server.Exchange;
import dev.wharf.server.FileBody;
import dev.wharf.server.SourceBody;
import dev.wharf.storage.blob.BlobContent;
import dev.wharf.storage.meta.CachedEntry;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Sends stored content the way every format does: a committed blob with {@code Range} support (206, or 416
 * in the format's own error style), {@code If-None-Match} answered with 304, zero-copy file regions on
 * plaintext; or a running fill followed from its first byte.
 */
public final class ContentResponder {
    private ContentResponder() {
    }

    /** The parts of a response a format decides. */
    public interface Style {
        /** The headers of a response of {@code length} bytes of {@code entry} (content type, digests, validators). */
        HttpHeaders headers(CachedEntry entry, long length);

        /** Answers a Range that selects nothing of a body of {@code size} bytes (a 416 with {@code Content-Range: bytes *}/size). */
        void rangeNotSatisfiable(Exchange exchange, long size);

        /** The headers of a response that follows a fill, before its length and type are known. */
        default HttpHeaders fillHeaders() {
            return new DefaultHttpHeaders();
        }
    }

    /**
     * Sends {@code content} (the blob of {@code entry}), whose ownership passes here; a HEAD gets the headers only,
     * and a GET a {@code 307} to the store instead when {@code redirects} say so.
     */
    public static void serve(Exchange exchange, CachedEntry entry, BlobContent content, Style style, Executor fileExecutor,
                             BlobRedirects redirects) {
        long size = content.size();
        String etag = "\"" + entry.digest() + "\"";
        if (etag.equals(exchange.requestHeaders().get(HttpHeaderNames.IF_NONE_MATCH))) {
            content.close();
            HttpHeaders headers = style.headers(entry, size);
            headers.remove(HttpHeaderNames.CONTENT_LENGTH);
            exchange.respond(HttpResponseStatus.NOT_MODIFIED, headers, Unpooled.EMPTY_BUFFER);
            return;
        }
        Optional<URI> elsewhere = exchange.isHead() ? Optional.empty() : redirects.location(entry.digest());
        if (elsewhere.isPresent()) {
            content.close();
            HttpHeaders headers = style.headers(entry, size);
            headers.remove(HttpHeaderNames.CONTENT_LENGTH);
            headers.remove(HttpHeaderNames.CONTENT_TYPE);
            headers.set(HttpHeaderNames.LOCATION, elsewhere.get().toASCIIString());
            exchange.respond(HttpResponseStatus.TEMPORARY_REDIRECT, headers, Unpooled.EMPTY_BUFFER);
            return;
        }
        Optional<ByteRange> range;
        try {
            range = ByteRange.parse(exchange.requestHeaders().get(HttpHeaderNames.RANGE), size);
        } catch (UnsatisfiableRangeException e) {
            content.close();
            style.rangeNotSatisfiable(exchange, size);
            return;
        }
        long first = range.map(ByteRange::first).orElse(0L);
        long length = range.map(ByteRange::length).orElse(size);
        HttpHeaders headers = style.headers(entry, length);
        headers.set(HttpHeaderNames.ACCEPT_RANGES, HttpHeaderValues.BYTES);
        range.ifPresent(r -> headers.set(HttpHeaderNames.CONTENT_RANGE, r.contentRange(size)));
        HttpResponseStatus status = range.isPresent() ? HttpResponseStatus.PARTIAL_CONTENT : HttpResponseStatus.OK;
        if (exchange.isHead()) {
            content.close();
            exchange.respond(status, headers, Unpooled.EMPTY_BUFFER);
            return;
        }
        exchange.sendHead(status, headers);
        Optional<FileChannel> file = content.takeFile();
        if (file.isPresent()) {
            content.close();
            BodySender.sendAndFinish(exchange, new FileBody(file.get(), first, length, fileExecutor));
        } else {
            // A stream outlives the content it was opened from.
            SourceBody body = new SourceBody(content.stream(first, length));
            content.close();
            BodySender.sendAndFinish(exchange, body);
        }
    }
}
