package dev.wharf.pypi;

import dev.wharf.cache.FillException;
import dev.wharf.cache.FillTimeoutException;
import dev.wharf.cache.StorageFull;
import dev.wharf.format.ContentResponder;
import dev.wharf.server.ErrorResponses;
import dev.wharf.server.Exchange;
import dev.wharf.storage.Futures;
import dev.wharf.server.MalformedRequestBodyException;
import dev.wharf.server.RequestBodyTooLargeException;
import dev.wharf.storage.blob.DigestMismatchException;
import dev.wharf.storage.meta.CachedEntry;
import dev.wharf.upstream.UpstreamException;
import dev.wharf.upstream.UpstreamStatusException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How PyPI repositories answer: file headers, and every failure as a status with a readable JSON message. */
final class PypiResponses {
    private static final Logger LOG = LoggerFactory.getLogger(PypiResponses.class);

    private PypiResponses() {
    }

    /** File responses: the stored type, the digest as ETag and header, the upstream's Last-Modified. */
    static final ContentResponder.Style STYLE = new ContentResponder.Style() {
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

    /** Maps a failure to its status: upstream failures to 502/504, bad bodies to 400/413, a full disk to 507. */
    static void failure(Exchange exchange, Throwable failure, String what) {
        Throwable cause = Futures.unwrap(failure);
        if (cause instanceof UpstreamStatusException status) {
            HttpResponseStatus answer = switch (status.status()) {
                case 404 -> HttpResponseStatus.NOT_FOUND;
                case 429 -> HttpResponseStatus.TOO_MANY_REQUESTS;
                default -> HttpResponseStatus.BAD_GATEWAY;
            };
            ErrorResponses.json(exchange, answer, status.getMessage());
        } else if (cause instanceof FillTimeoutException) {
            ErrorResponses.json(exchange, HttpResponseStatus.GATEWAY_TIMEOUT, "timed out fetching " + what + ": " + cause.getMessage());
        } else if (cause instanceof UpstreamException upstream) {
            ErrorResponses.json(exchange, HttpResponseStatus.valueOf(upstream.gatewayStatus()),
                    "the upstream failed for " + what + ": " + cause.getMessage());
        } else if (cause instanceof DigestMismatchException || cause instanceof FillException) {
            ErrorResponses.json(exchange, HttpResponseStatus.BAD_GATEWAY, "the upstream sent bad content for " + what + ": " + cause.getMessage());
        } else if (cause instanceof RequestBodyTooLargeException) {
            ErrorResponses.json(exchange, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, cause.getMessage());
        } else if (cause instanceof MalformedRequestBodyException) {
            ErrorResponses.json(exchange, HttpResponseStatus.BAD_REQUEST, cause.getMessage());
        } else if (StorageFull.is(cause)) {
            LOG.error("storage is full: cannot store {}: {}", what, cause.toString());
            ErrorResponses.json(exchange, HttpResponseStatus.INSUFFICIENT_STORAGE, "Wharf's storage is full: cannot store " + what);
        } else {
            LOG.error("request for {} failed", what, cause);
            ErrorResponses.json(exchange, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error serving " + what);
        }
    }
}
