package dev.wharf.terraform;

import dev.wharf.format.Failures;
import dev.wharf.codec.JsonStrings;
import dev.wharf.codec.terraform.TerraformNameException;
import dev.wharf.format.ContentResponder;
import dev.wharf.server.Exchange;
import dev.wharf.storage.meta.CachedEntry;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/**
 * How Terraform repositories answer: JSON documents, packages, and every error in the registry protocol's
 * own shape, {@code {"errors": ["message"]}}, which terraform prints.
 */
final class TerraformResponses {
    static final String JSON = "application/json";

    private TerraformResponses() {
    }

    /** Package responses: {@code application/zip}, the digest as ETag and header. */
    static final ContentResponder.Style STYLE = new ContentResponder.Style() {
        @Override
        public HttpHeaders headers(CachedEntry entry, long length) {
            HttpHeaders headers = new DefaultHttpHeaders();
            headers.set(HttpHeaderNames.CONTENT_TYPE, "application/zip");
            headers.set(HttpHeaderNames.CONTENT_LENGTH, length);
            headers.set(HttpHeaderNames.ETAG, "\"" + entry.digest() + "\"");
            headers.set("X-Checksum-Sha256", entry.digest().hex());
            return headers;
        }

        @Override
        public void rangeNotSatisfiable(Exchange exchange, long size) {
            HttpHeaders headers = new DefaultHttpHeaders().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size);
            exchange.respond(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE, headers, JSON,
                    body("range not satisfiable for a package of " + size + " bytes"));
        }
    };

    /** A document; {@code warning} (or null) is sent as the {@code Warning} header of a stale copy. */
    static void document(Exchange exchange, String contentType, byte[] bytes, String warning) {
        HttpHeaders headers = new DefaultHttpHeaders().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        if (warning != null) {
            headers.set(HttpHeaderNames.WARNING, warning);
        }
        if (exchange.isHead()) {
            headers.set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
            exchange.respond(HttpResponseStatus.OK, headers, Unpooled.EMPTY_BUFFER);
        } else {
            exchange.respond(HttpResponseStatus.OK, headers, Unpooled.wrappedBuffer(bytes));
        }
    }

    /** Answers {@code {"errors": [message]}}; aborts if the response already started. */
    static void error(Exchange exchange, HttpResponseStatus status, String message) {
        if (exchange.isDone()) {
            return;
        }
        if (exchange.headSent()) {
            exchange.abort();
            return;
        }
        exchange.respond(status, new DefaultHttpHeaders(), JSON, body(message));
    }

    private static String body(String message) {
        return "{\"errors\":[" + JsonStrings.quote(message) + "]}\n";
    }

    /** Maps a failure to its status ({@link Failures}), answered as {@code {"errors": [...]}}. */
    static void failure(Exchange exchange, Throwable failure, String what) {
        Failures.answer(exchange, failure, what, TerraformResponses::own, TerraformResponses::error);
    }

    private static Failures.Answer own(Throwable cause, String what) {
        if (cause instanceof NoSigningKeyException) {
            return new Failures.Answer(HttpResponseStatus.NOT_FOUND, cause.getMessage());
        }
        if (cause instanceof TerraformNameException || cause instanceof BadUpstreamException) {
            return new Failures.Answer(HttpResponseStatus.BAD_GATEWAY, "the upstream sent bad content for " + what + ": "
                    + cause.getMessage());
        }
        return null;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
