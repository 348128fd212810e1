package dev.wharf.codec.docker;

/**
 * The error registry of the Docker/OCI API: each code with its HTTP status and default message.
 * The codes down to {@link #TOOMANYREQUESTS} are the distribution-spec codes, rendered as their
 * name, with distribution's statuses; the rest are Wharf's own, for failures the spec has no code for. Upstream transport
 * failures are 502/504, never 404.
 */
public enum ErrorCode {
    BLOB_UNKNOWN(404, "blob unknown to registry"),
    BLOB_UPLOAD_INVALID(404, "blob upload invalid"),
    BLOB_UPLOAD_UNKNOWN(404, "blob upload unknown to registry"),
    DIGEST_INVALID(400, "provided digest did not match uploaded content"),
    MANIFEST_BLOB_UNKNOWN(400, "manifest references a manifest or blob unknown to registry"),
    MANIFEST_INVALID(400, "manifest invalid"),
    MANIFEST_UNKNOWN(404, "manifest unknown"),
    NAME_INVALID(400, "invalid repository name"),
    NAME_UNKNOWN(404, "repository name not known to registry"),
    PAGINATION_NUMBER_INVALID(400, "invalid number of results requested"),
    SIZE_INVALID(400, "provided length did not match content length"),
    UNAUTHORIZED(401, "authentication required"),
    DENIED(403, "requested access to the resource is denied"),
    /** An operation this registry or repository does not support (also a method not allowed), as distribution: 405. */
    UNSUPPORTED(405, "the operation is unsupported"),
    TOOMANYREQUESTS(429, "too many requests"),
    /** The upstream registry could not be reached or answered with a server error. */
    UPSTREAM_UNAVAILABLE(502, "upstream registry unavailable"),
    /** The upstream registry did not answer in time. */
    UPSTREAM_TIMEOUT(504, "upstream registry timed out"),
    /** No resource of the registry API lives at this path. */
    NOT_FOUND(404, "not found"),
    /** A {@code Range} that selects nothing of the blob. */
    RANGE_NOT_SATISFIABLE(416, "requested range not satisfiable"),
    /** The request body went past the size this registry accepts. */
    TOO_LARGE(413, "request body too large"),
    /** Storage has no room left for what the request needs stored. */
    STORAGE_FULL(507, "insufficient storage"),
    INTERNAL_ERROR(500, "internal error");

    private final int status;
    private final String message;

    ErrorCode(int status, String message) {
        this.status = status;
        this.message = message;
    }

    /** The HTTP status this error is answered with. */
    public int status() {
        return status;
    }

    /** The message sent when the caller has nothing more specific to say. */
    public String message() {
        return message;
    }
}
