package dev.wharf.npm;

import dev.wharf.format.Failures;
import dev.wharf.codec.JsonStrings;
import dev.wharf.codec.npm.NpmPathException;
import dev.wharf.format.ContentResponder;
import dev.wharf.server.Exchange;
import dev.wharf.storage.TooLargeException;
import dev.wharf.storage.meta.CachedEntry;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * How npm repositories answer: errors as the registry does ({@code {"error": "..."}}, which npm, pnpm and yarn
 * print), tarball headers, and every failure mapped to its status.
 */
final class NpmResponses {
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

    /** Maps a failure to its status ({@link Failures}), answered as {@code {"error": ...}}. */
    static void failure(Exchange exchange, Throwable failure, String what) {
        Failures.answer(exchange, failure, what, NpmResponses::own, NpmResponses::error);
    }

    private static Failures.Answer own(Throwable cause, String what) {
        if (cause instanceof PackumentTooLargeException || cause instanceof UpstreamDocumentException) {
            return new Failures.Answer(HttpResponseStatus.BAD_GATEWAY, cause.getMessage());
        }
        if (cause instanceof TooLargeException) {
            return new Failures.Answer(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, cause.getMessage());
        }
        if (cause instanceof NpmPathException) {
            return new Failures.Answer(HttpResponseStatus.BAD_REQUEST, cause.getMessage());
        }
        if (cause instanceof VersionExistsException) {
            return new Failures.Answer(HttpResponseStatus.CONFLICT, cause.getMessage());
        }
        return null;
    }
}
