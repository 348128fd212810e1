package dev.wharf.docker;

import dev.wharf.codec.docker.DockerErrors;
import dev.wharf.codec.docker.ErrorCode;
import dev.wharf.cache.FillException;
import dev.wharf.server.Exchange;
import dev.wharf.storage.Futures;
import dev.wharf.storage.blob.DigestMismatchException;
import dev.wharf.upstream.UpstreamException;
import dev.wharf.upstream.UpstreamTimeoutException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Renders Docker registry responses: the common headers and every error in the registry's JSON format. */
final class DockerResponses {
    private static final Logger LOG = LoggerFactory.getLogger(DockerResponses.class);
    static final String API_VERSION_HEADER = "Docker-Distribution-API-Version";
    static final String DIGEST_HEADER = "Docker-Content-Digest";

    private DockerResponses() {
    }

    /** Headers every registry response carries. */
    static HttpHeaders headers() {
        HttpHeaders headers = new DefaultHttpHeaders();
        headers.set(API_VERSION_HEADER, "registry/2.0");
        return headers;
    }

    /** Answers with a registry error; aborts the connection instead if the response already started. */
    static void error(Exchange exchange, ErrorCode code, String message) {
        error(exchange, code, message, headers());
    }

    /** Answers with a registry error and the given headers (which should start from {@link #headers()}). */
    static void error(Exchange exchange, ErrorCode code, String message, HttpHeaders headers) {
        if (exchange.isDone()) {
            return;
        }
        if (exchange.headSent()) {
            exchange.abort();
            return;
        }
        if (code == ErrorCode.UNAUTHORIZED) {
            headers.set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"wharf\"");
        }
        exchange.respond(HttpResponseStatus.valueOf(code.status()), headers, "application/json; charset=utf-8",
                DockerErrors.json(code, message));
    }

    /**
     * Maps a failure to its registry error: upstream statuses to their meaning, transport failures to
     * 502/504 (never 404), unverifiable upstream bytes to 502.
     *
     * @param notFound the code for an upstream 404 (MANIFEST_UNKNOWN or BLOB_UNKNOWN)
     */
    static void failure(Exchange exchange, Throwable failure, ErrorCode notFound, String what) {
        Throwable cause = Futures.unwrap(failure);
        if (cause instanceof UpstreamStatusException status) {
            switch (status.status()) {
                case 404 -> error(exchange, notFound, what + " is not known upstream");
                case 401 -> error(exchange, ErrorCode.UNAUTHORIZED, "the upstream refused Wharf's credentials for " + what);
                case 403 -> error(exchange, ErrorCode.DENIED, "the upstream denied access to " + what);
                case 429 -> error(exchange, ErrorCode.TOOMANYREQUESTS, "the upstream is rate limiting requests for " + what);
                default -> error(exchange, ErrorCode.UPSTREAM_UNAVAILABLE, status.getMessage());
            }
        } else if (cause instanceof UpstreamTimeoutException) {
            error(exchange, ErrorCode.UPSTREAM_TIMEOUT, "the upstream did not answer in time for " + what);
        } else if (cause instanceof UpstreamException) {
            error(exchange, ErrorCode.UPSTREAM_UNAVAILABLE, "the upstream is unavailable for " + what + ": " + cause.getMessage());
        } else if (cause instanceof DigestMismatchException || cause instanceof FillException) {
            error(exchange, ErrorCode.UPSTREAM_UNAVAILABLE, "the upstream sent bad content for " + what + ": " + cause.getMessage());
        } else {
            LOG.error("request for {} failed", what, cause);
            error(exchange, ErrorCode.INTERNAL_ERROR, "internal error serving " + what);
        }
    }

    /** The Content-Length header's value, or -1 when absent or malformed. */
    static long contentLength(HttpHeaders headers) {
        String value = headers.get(HttpHeaderNames.CONTENT_LENGTH);
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
}
