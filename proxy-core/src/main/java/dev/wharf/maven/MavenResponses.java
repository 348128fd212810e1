package dev.wharf.maven;

import dev.wharf.format.Failures;
import dev.wharf.cache.FillException;
import dev.wharf.codec.Digest;
import dev.wharf.server.ErrorResponses;
import dev.wharf.server.Exchange;
import dev.wharf.storage.TooLargeException;
import dev.wharf.storage.blob.DigestMismatchException;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Locale;

/**
 * How Maven repositories answer (stored files take {@code FileResponses.STYLE}): documents computed on demand (generated or merged {@code maven-metadata.xml} and their checksums), and every
 * failure as a status with a readable JSON message, which Maven prints with the status.
 */
final class MavenResponses {
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

    /** Maps a failure to its status ({@link Failures}); bad or too large upstream content says what was checked. */
    static void failure(Exchange exchange, Throwable failure, String what) {
        Failures.answer(exchange, failure, what, MavenResponses::own, ErrorResponses::json);
    }

    private static Failures.Answer own(Throwable cause, String what) {
        if (cause instanceof DigestMismatchException || cause instanceof FillException) {
            return new Failures.Answer(HttpResponseStatus.BAD_GATEWAY, "the upstream sent bad content for " + what
                    + " (it does not match the upstream's checksum): " + cause.getMessage());
        }
        if (cause instanceof TooLargeException) {
            return new Failures.Answer(HttpResponseStatus.BAD_GATEWAY, "the upstream sent too large a document for "
                    + what + ": " + cause.getMessage());
        }
        return null;
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
