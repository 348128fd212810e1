package dev.wharf.format;

import dev.wharf.server.ErrorResponses;
import dev.wharf.server.Exchange;
import dev.wharf.storage.meta.CachedEntry;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;

/** How repositories of files answer (shared by the formats): file headers, and every failure as a status with a readable JSON message. */
public final class FileResponses {
    private FileResponses() {
    }

    /** File responses: the stored type, the digest as ETag and header, the upstream's Last-Modified. */
    public static final ContentResponder.Style STYLE = new ContentResponder.Style() {
        @Override
        public HttpHeaders headers(CachedEntry entry, long length) {
            HttpHeaders headers = new DefaultHttpHeaders();
            headers.set(HttpHeaderNames.CONTENT_TYPE, entry.mediaType() == null ? "application/octet-stream" : entry.mediaType());
            headers.set(HttpHeaderNames.CONTENT_LENGTH, length);
            headers.set(HttpHeaderNames.ETAG, "\"" + entry.digest() + "\"");
            headers.set("X-Checksum-Sha256", entry.digest().hex());
            if (entry.lastModified() != null) {
                headers.set(HttpHeaderNames.LAST_MODIFIED, entry.lastModified());
            }
            return headers;
        }

        @Override
        public void rangeNotSatisfiable(Exchange exchange, long size) {
            HttpHeaders headers = new DefaultHttpHeaders().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size);
            exchange.respond(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE, headers, "application/json; charset=utf-8",
                    "{\"status\":416,\"message\":\"range not satisfiable for a file of " + size + " bytes\"}\n");
        }
    };

    /** Answers a failure as a status with a readable JSON message ({@link Failures}). */
    public static void failure(Exchange exchange, Throwable failure, String what) {
        Failures.answer(exchange, failure, what, Failures.NONE, ErrorResponses::json);
    }
}
