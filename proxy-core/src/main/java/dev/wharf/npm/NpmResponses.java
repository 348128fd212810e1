package dev.wharf.npm;

import dev.wharf.cache.FillException;
import dev.wharf.cache.FillTimeoutException;
import dev.wharf.cache.StorageFull;
import dev.wharf.codec.JsonStrings;
import dev.wharf.codec.npm.NpmPathException;
import dev.wharf.format.ContentResponder;
import dev.wharf.server.Exchange;
import dev.wharf.server.MalformedRequestBodyException;
import dev.wharf.server.RequestBodyTooLargeException;
import dev.wharf.storage.Futures;
import dev.wharf.storage.TooLargeException;
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

/**
 * How npm repositories answer: errors as the registry does ({@code {"error": "..."}}, which npm, pnpm and yarn
 * print), tarball headers, and every failure mapped to its status.
 */
final class NpmResponses {
    private static final Logger LOG = LoggerFactory.getLogger(NpmResponses.class);
    static final String JSON = "application/json; charset=utf-8";

    private NpmResponses() {
    }

    /** Tarball responses: gzip bytes, the digest as ETag. */
    static final ContentResponder.Style STYLE = new ContentResponder.Style() {
        @Override
        public HttpHeaders headers(CachedEntry entry, long length) {
            HttpHeaders headers = new DefaultHttpHeaders();
            headers.set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
            headers.set(HttpHeaderNames.CONTENT_LENGTH, length);
            headers.set(HttpHeaderNames.ETAG, "\"" + entry.digest() + "\"");
            return headers;
        }

        @Override
        public void rangeNotSatisfiable(Exchange exchange, long size) {
            HttpHeaders headers = new DefaultHttpHeaders().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size);
            exchange.respond(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE, headers, JSON,
                    body("range not satisfiable for a tarball of " + size + " bytes"));
        }
    };

    /** Answers {@code status} with {@code {"error": message}}. */
    static void error(Exchange exchange, HttpResponseStatus status, String message) {
        if (exchange.isDone() || exchange.headSent()) {
            exchange.abort();
            return;
        }
        exchange.respond(status, new DefaultHttpHeaders(), JSON, body(message));
    }

    /** Answers a success with a small JSON body of {@code {"ok": message}}. */
    static void ok(Exchange exchange, HttpResponseStatus status, String message) {
        exchange.respond(status, new DefaultHttpHeaders(), JSON, "{\"ok\":" + JsonStrings.quote(message) + "}\n");
    }

    private static String body(String message) {
        return "{\"error\":" + JsonStrings.quote(message) + "}\n";
    }

    /** Maps a failure to its status: upstream failures to 502/504, bad documents to 400/413, a full disk to 507. */
    static void failure(Exchange exchange, Throwable failure, String what) {
        Throwable cause = Futures.unwrap(failure);
        if (cause instanceof UpstreamStatusException status) {
            HttpResponseStatus answer = switch (status.status()) {
                case 404 -> HttpResponseStatus.NOT_FOUND;
                case 429 -> HttpResponseStatus.TOO_MANY_REQUESTS;
                default -> HttpResponseStatus.BAD_GATEWAY;
            };
            error(exchange, answer, status.getMessage());
        } else if (cause instanceof FillTimeoutException) {
            error(exchange, HttpResponseStatus.GATEWAY_TIMEOUT, "timed out fetching " + what + ": " + cause.getMessage());
        } else if (cause instanceof UpstreamException upstream) {
            error(exchange, HttpResponseStatus.valueOf(upstream.gatewayStatus()),
                    "the upstream failed for " + what + ": " + cause.getMessage());
        } else if (cause instanceof DigestMismatchException || cause instanceof FillException) {
            error(exchange, HttpResponseStatus.BAD_GATEWAY, "the upstream sent bad content for " + what + ": " + cause.getMessage());
        } else if (cause instanceof PackumentTooLargeException) {
            error(exchange, HttpResponseStatus.BAD_GATEWAY, cause.getMessage());
        } else if (cause instanceof UpstreamDocumentException) {
            error(exchange, HttpResponseStatus.BAD_GATEWAY, cause.getMessage());
        } else if (cause instanceof RequestBodyTooLargeException || cause instanceof TooLargeException) {
            error(exchange, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, cause.getMessage());
        } else if (cause instanceof MalformedRequestBodyException || cause instanceof NpmPathException) {
            error(exchange, HttpResponseStatus.BAD_REQUEST, cause.getMessage());
        } else if (cause instanceof VersionExistsException) {
            error(exchange, HttpResponseStatus.CONFLICT, cause.getMessage());
        } else if (StorageFull.is(cause)) {
            LOG.error("storage is full: cannot store {}: {}", what, cause.toString());
            error(exchange, HttpResponseStatus.INSUFFICIENT_STORAGE, "Wharf's storage is full: cannot store " + what);
        } else {
            LOG.error("request for {} failed", what, cause);
            error(exchange, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error serving " + what);
        }
    }
}
