package dev.wharf.docker;

import dev.wharf.upstream.UpstreamStatusException;
import dev.wharf.cache.FillException;
import dev.wharf.cache.FillTimeoutException;
import dev.wharf.cache.MissingUpstreamException;
import dev.wharf.cache.StorageFull;
import dev.wharf.codec.docker.DockerErrors;
import dev.wharf.codec.docker.ErrorCode;
import dev.wharf.server.Exchange;
import dev.wharf.storage.Futures;
import dev.wharf.server.RequestBodyTooLargeException;
import dev.wharf.storage.blob.DigestMismatchException;
import dev.wharf.upstream.UpstreamException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
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
        exchange.respond(HttpResponseStatus.valueOf(code.status()), headers, "application/json; charset=utf-8",
                DockerErrors.json(code, message));
    }

    /** The registry code of an HTTP status the router or server gives (a malformed request, a failure). */
    static ErrorCode codeOf(HttpResponseStatus status) {
        return switch (status.code()) {
            case 400 -> ErrorCode.NAME_INVALID;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.UNSUPPORTED;
            case 413 -> ErrorCode.TOO_LARGE;
            case 502 -> ErrorCode.UPSTREAM_UNAVAILABLE;
            case 504 -> ErrorCode.UPSTREAM_TIMEOUT;
            default -> ErrorCode.INTERNAL_ERROR;
        };
    }

    /**
     * Maps a failure to its registry error: what the upstream said is missing to {@code notFound}, other
     * upstream statuses to their meaning, transport failures to 502/504 (never 404), unverifiable or
     * unusable upstream content to 502, a full disk to 507.
     *
     * @param notFound the code for content the upstream does not have (MANIFEST_UNKNOWN, BLOB_UNKNOWN, NAME_UNKNOWN)
     */
    static void failure(Exchange exchange, Throwable failure, ErrorCode notFound, String what) {
        Throwable cause = Futures.unwrap(failure);
        if (cause instanceof MissingUpstreamException missing) {
            error(exchange, notFound, what + " is not known upstream (" + missing.getMessage() + ")");
        } else if (cause instanceof UpstreamStatusException status) {
            switch (status.status()) {
                case 404, 401 -> error(exchange, notFound, what + " is not known upstream (" + status.getMessage() + ")");
                case 403 -> error(exchange, ErrorCode.DENIED, "the upstream denied access to " + what);
                case 429 -> error(exchange, ErrorCode.TOOMANYREQUESTS, "the upstream is rate limiting requests for " + what);
                default -> error(exchange, ErrorCode.UPSTREAM_UNAVAILABLE, status.getMessage());
            }
        } else if (cause instanceof FillTimeoutException) {
            error(exchange, ErrorCode.UPSTREAM_TIMEOUT, "timed out fetching " + what + ": " + cause.getMessage());
        } else if (cause instanceof UpstreamException upstream) {
            error(exchange, upstream.gatewayStatus() == 504 ? ErrorCode.UPSTREAM_TIMEOUT : ErrorCode.UPSTREAM_UNAVAILABLE,
                    "the upstream failed for " + what + ": " + cause.getMessage());
        } else if (cause instanceof DigestMismatchException || cause instanceof FillException) {
            error(exchange, ErrorCode.UPSTREAM_UNAVAILABLE, "the upstream sent bad content for " + what + ": " + cause.getMessage());
        } else if (cause instanceof RequestBodyTooLargeException) {
            error(exchange, ErrorCode.TOO_LARGE, cause.getMessage());
        } else if (StorageFull.is(cause)) {
            LOG.error("storage is full: cannot store {}: {}", what, cause.toString());
            error(exchange, ErrorCode.STORAGE_FULL, "Wharf's storage is full: cannot store " + what);
        } else {
            LOG.error("request for {} failed", what, cause);
            error(exchange, ErrorCode.INTERNAL_ERROR, "internal error serving " + what);
        }
    }
}
