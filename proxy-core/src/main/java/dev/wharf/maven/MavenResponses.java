package dev.wharf.maven;

import dev.wharf.cache.FillException;
import dev.wharf.cache.FillTimeoutException;
import dev.wharf.cache.StorageFull;
import dev.wharf.codec.Digest;
import dev.wharf.server.ErrorResponses;
import dev.wharf.server.Exchange;
import dev.wharf.server.MalformedRequestBodyException;
import dev.wharf.server.RequestBodyTooLargeException;
import dev.wharf.storage.TooLargeException;
import dev.wharf.storage.Futures;
import dev.wharf.storage.blob.DigestMismatchException;
import dev.wharf.upstream.UpstreamException;
import dev.wharf.upstream.UpstreamStatusException;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How Maven repositories answer (stored files take {@code FileResponses.STYLE}): documents computed on demand (generated or merged {@code maven-metadata.xml} and their checksums), and every
 * failure as a status with a readable JSON message, which Maven prints with the status.
 */
final class MavenResponses {
    private static final Logger LOG = LoggerFactory.getLogger(MavenResponses.class);
    static final String XML = "text/xml";
    static final String TEXT = "text/plain";

    private MavenResponses() {
    }

    /** Sends a document computed for this request; its sha256 is its ETag, so {@code If-None-Match} gets a 304. */
    static void document(Exchange exchange, byte[] body, String contentType) {
        String etag = "\"" + Digest.sha256Of(body) + "\"";
        HttpHeaders headers = new DefaultHttpHeaders().set(HttpHeaderNames.ETAG, etag)
                .set(HttpHeaderNames.CONTENT_TYPE, contentType);
        if (etag.equals(exchange.requestHeaders().get(HttpHeaderNames.IF_NONE_MATCH))) {
            exchange.respond(HttpResponseStatus.NOT_MODIFIED, headers, Unpooled.EMPTY_BUFFER);
            return;
        }
        exchange.respond(HttpResponseStatus.OK, headers, Unpooled.wrappedBuffer(body));
    }

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
            ErrorResponses.json(exchange, HttpResponseStatus.BAD_GATEWAY, "the upstream sent bad content for " + what
                    + " (it does not match the upstream's checksum): " + cause.getMessage());
        } else if (cause instanceof RequestBodyTooLargeException) {
            ErrorResponses.json(exchange, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, cause.getMessage());
        } else if (cause instanceof TooLargeException) {
            ErrorResponses.json(exchange, HttpResponseStatus.BAD_GATEWAY, "the upstream sent too large a document for "
                    + what + ": " + cause.getMessage());
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

    /** The content type Maven files are stored with, by extension. */
    static String contentType(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".pom") || lower.endsWith(".xml")) {
            return XML;
        }
        if (lower.endsWith(".jar") || lower.endsWith(".war") || lower.endsWith(".ear")) {
            return "application/java-archive";
        }
        if (lower.endsWith(".sha1") || lower.endsWith(".md5") || lower.endsWith(".sha256") || lower.endsWith(".sha512")
                || lower.endsWith(".asc")) {
            return TEXT;
        }
        return "application/octet-stream";
    }
}
