package dev.wharf.codec.docker;

import dev.wharf.codec.JsonStrings;
import java.util.Objects;

/** Renders registry error bodies: {@code {"errors":[{"code":"...","message":"...","detail":...}]}}. */
public final class DockerErrors {

    private DockerErrors() {
    }

    /** The body for {@code code}; a null {@code message} means the code's default message. */
    public static String json(ErrorCode code, String message) {
        return json(code, message, null);
    }

    /**
     * The body for {@code code} with a detail.
     *
     * @param message    shown to the user; null means the code's default message
     * @param detailJson a complete JSON value, inserted as is; null leaves the detail out
     */
    public static String json(ErrorCode code, String message, String detailJson) {
        Objects.requireNonNull(code, "code");
        StringBuilder out = new StringBuilder(128).append("{\"errors\":[{\"code\":");
        JsonStrings.appendQuoted(out, code.name());
        out.append(",\"message\":");
        JsonStrings.appendQuoted(out, message == null ? code.message() : message);
        if (detailJson != null) {
            out.append(",\"detail\":").append(detailJson);
        }
        return out.append("}]}").toString();
    }
}
