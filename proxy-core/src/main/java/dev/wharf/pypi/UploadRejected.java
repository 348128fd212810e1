package dev.wharf.pypi;

import io.netty.handler.codec.http.HttpResponseStatus;

/** An upload refused for what it is (a bad name, a clash, a wrong digest): answered with {@link #status()}. */
final class UploadRejected extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient HttpResponseStatus status;

    UploadRejected(HttpResponseStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    HttpResponseStatus status() {
        return status;
    }
}
