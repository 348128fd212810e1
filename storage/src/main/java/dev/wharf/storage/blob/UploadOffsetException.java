package dev.wharf.storage.blob;

import java.util.Objects;
import java.util.UUID;

/**
 * A chunk was sent for an offset other than the upload session's size: the client is out of step (or another
 * append at the same offset won the race), and nothing of the chunk was stored. The Docker API answers it with
 * {@code 416 Range Not Satisfiable} and {@code Range: 0-<size - 1>}, from which the client resumes.
 */
public final class UploadOffsetException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final UUID upload;
    private final long offset;
    private final long size;

    public UploadOffsetException(UUID upload, long offset, long size) {
        super("upload " + upload + ": chunk at offset " + offset + " (expected: " + size + ", the upload's size)");
        this.upload = Objects.requireNonNull(upload, "upload");
        this.offset = offset;
        this.size = size;
    }

    public UUID upload() {
        return upload;
    }

    /** Where the refused chunk was meant to go. */
    public long offset() {
        return offset;
    }

    /** The session's size when the chunk was refused: where the next chunk must go. */
    public long size() {
        return size;
    }
}
