package dev.wharf.npm;

/** An upstream packument that is not one (not JSON, wrong structure): answered 502 with the reason. */
final class UpstreamDocumentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UpstreamDocumentException(String message) {
        super(message);
    }
}
