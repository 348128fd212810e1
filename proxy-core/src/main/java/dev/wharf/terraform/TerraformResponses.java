package dev.wharf.terraform;

import dev.wharf.cache.FillException;
import dev.wharf.cache.FillTimeoutException;
import dev.wharf.cache.StorageFull;
import dev.wharf.codec.JsonStrings;
import dev.wharf.codec.terraform.TerraformNameException;
import dev.wharf.format.ContentResponder;
import dev.wharf.server.Exchange;
import dev.wharf.server.MalformedRequestBodyException;
import dev.wharf.server.RequestBodyTooLargeException;
import dev.wharf.storage.Futures;
import dev.wharf.storage.blob.DigestMismatchException;
import dev.wharf.storage.meta.CachedEntry;
import dev.wharf.upstream.UpstreamException;
import dev.wharf.upstream.UpstreamStatusException;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How Terraform repositories answer: JSON documents, packages, and every error in the registry protocol's
 * own shape, {@code {"errors": ["message"]}}, which terraform prints.
 */
final class TerraformResponses {
    private static final Logger LOG = LoggerFactory.getLogger(TerraformResponses.class);
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

    /** Maps a failure to its status: upstream failures and bad upstream documents to 502/504, bad bodies to 400/413. */
    static void failure(Exchange exchange, Throwable failure, String what) {
        Throwable cause = Futures.unwrap(failure);
        if (cause instanceof UpstreamStatusException status) {
            HttpResponseStatus answer = switch (status.status()) {
                case 404 -> HttpResponseStatus.NOT_FOUND;
                case 429 -> HttpResponseStatus.TOO_MANY_REQUESTS;
                default -> HttpResponseStatus.BAD_GATEWAY;
            };
            error(exchange, answer, status.getMessage());
        } else if (cause instanceof NoSigningKeyException) {
            error(exchange, HttpResponseStatus.NOT_FOUND, cause.getMessage());
        } else if (cause instanceof FillTimeoutException) {
            error(exchange, HttpResponseStatus.GATEWAY_TIMEOUT, "timed out fetching " + what + ": " + cause.getMessage());
        } else if (cause instanceof UpstreamException upstream) {
            error(exchange, HttpResponseStatus.valueOf(upstream.gatewayStatus()), "the upstream failed for " + what + ": "
                    + cause.getMessage());
        } else if (cause instanceof DigestMismatchException || cause instanceof FillException
                || cause instanceof TerraformNameException || cause instanceof BadUpstreamException) {
            error(exchange, HttpResponseStatus.BAD_GATEWAY, "the upstream sent bad content for " + what + ": " + cause.getMessage());
        } else if (cause instanceof RequestBodyTooLargeException) {
            error(exchange, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, cause.getMessage());
        } else if (cause instanceof MalformedRequestBodyException) {
            error(exchange, HttpResponseStatus.BAD_REQUEST, cause.getMessage());
        } else if (StorageFull.is(cause)) {
            LOG.error("storage is full: cannot store {}: {}", what, cause.toString());
            error(exchange, HttpResponseStatus.INSUFFICIENT_STORAGE, "Wharf's storage is full: cannot store " + what);
        } else {
            LOG.error("request for {} failed", what, cause);
            error(exchange, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error serving " + what);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
