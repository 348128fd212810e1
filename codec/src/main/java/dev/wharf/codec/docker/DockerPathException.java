package dev.wharf.codec.docker;

import java.util.Objects;

/** A {@code /v2/} path that names no valid request; {@link #code()} says how to answer it. */
public final class DockerPathException extends RuntimeException {
    private final ErrorCode code;

    public DockerPathException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The registry error to answer with (its status included). */
    public ErrorCode code() {
        return code;
    }
}
