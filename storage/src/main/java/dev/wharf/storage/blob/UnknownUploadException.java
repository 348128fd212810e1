package dev.wharf.storage.blob;

import java.util.Objects;
import java.util.UUID;

/**
 * No upload session has this id: it was never started, or it was completed, cancelled or reaped. The Docker API
 * answers it with {@code 404 BLOB_UPLOAD_UNKNOWN}.
 */
public final class UnknownUploadException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final UUID upload;

    public UnknownUploadException(UUID upload) {
        super("unknown upload " + upload + " (never started, or completed, cancelled or reaped)");
        this.upload = Objects.requireNonNull(upload, "upload");
    }

    /** The id nobody knows. */
    public UUID upload() {
        return upload;
    }
}
