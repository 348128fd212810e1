package dev.wharf.format;

import dev.wharf.cache.FillException;
import dev.wharf.cache.FillTimeoutException;
import dev.wharf.cache.StorageFull;
import dev.wharf.server.Exchange;
import dev.wharf.server.MalformedRequestBodyException;
import dev.wharf.server.RequestBodyTooLargeException;
import dev.wharf.storage.Futures;
import dev.wharf.storage.blob.DigestMismatchException;
import dev.wharf.upstream.UpstreamException;
import dev.wharf.upstream.UpstreamStatusException;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps a failed request to the status and message its client sees, the same way for every format of files: upstream
 * failures to 502/504 (its 404 and 429 passed on), bad content from the upstream to 502, bad request bodies to
 * 400/413, a full disk to 507, anything else to a logged 500. A format maps its own exceptions first and writes the
 * answer in its protocol's error shape.
 */
public final class Failures {
    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    /** The status and message a failure is answered with. */
    public record Answer(HttpResponseStatus status, String message) {
    }

    /** Writes an error answer in a protocol's own shape. */
    @FunctionalInterface
    public interface Writer {
        void write(Exchange exchange, HttpResponseStatus status, String message);
    }

    /** A format's own exceptions: the answer for {@code cause}, or null to leave it to the common mapping. */
    @FunctionalInterface
    public interface Specific {
        Answer answer(Throwable cause, String what);
    }

    /** No exceptions of the format's own. */
    public static final Specific NONE = (cause, what) -> null;

    private Failures() {
    }

    /** Answers {@code failure} of the request for {@code what}: the format's mapping first, then the common one. */
    public static void answer(Exchange exchange, Throwable failure, String what, Specific specific, Writer writer) {
        Throwable cause = Futures.unwrap(failure);
        Answer own = specific.answer(cause, what);
        Answer answer = own != null ? own : common(cause, what);
        writer.write(exchange, answer.status(), answer.message());
    }

    private static Answer common(Throwable cause, String what) {
        if (cause instanceof UpstreamStatusException status) {
            HttpResponseStatus answer = switch (status.status()) {
                case 404 -> HttpResponseStatus.NOT_FOUND;
                case 429 -> HttpResponseStatus.TOO_MANY_REQUESTS;
                default -> HttpResponseStatus.BAD_GATEWAY;
            };
            return new Answer(answer, status.getMessage());
        }
        if (cause instanceof FillTimeoutException) {
            return new Answer(HttpResponseStatus.GATEWAY_TIMEOUT, "timed out fetching " + what + ": " + cause.getMessage());
        }
        if (cause instanceof UpstreamException upstream) {
            return new Answer(HttpResponseStatus.valueOf(upstream.gatewayStatus()),
                    "the upstream failed for " + what + ": " + cause.getMessage());
        }
        if (cause instanceof DigestMismatchException || cause instanceof FillException) {
            return new Answer(HttpResponseStatus.BAD_GATEWAY, "the upstream sent bad content for " + what + ": " + cause.getMessage());
        }
        if (cause instanceof RequestBodyTooLargeException) {
            return new Answer(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, cause.getMessage());
        }
        if (cause instanceof MalformedRequestBodyException) {
            return new Answer(HttpResponseStatus.BAD_REQUEST, cause.getMessage());
        }
        if (StorageFull.is(cause)) {
            LOG.error("storage is full: cannot store {}: {}", what, cause.toString());
            return new Answer(HttpResponseStatus.INSUFFICIENT_STORAGE, "Wharf's storage is full: cannot store " + what);
        }
        LOG.error("request for {} failed", what, cause);
        return new Answer(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error serving " + what);
    }
}
