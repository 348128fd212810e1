package dev.wharf.upstream;

/**
 * The connection ended before the whole body arrived (short of the declared {@code Content-Length}, or
 * before the last chunk): the bytes received so far must never be committed as the complete body.
 */
public final class UpstreamTruncatedException extends UpstreamException {
    public UpstreamTruncatedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Always 502 Bad Gateway. */
    @Override
    public int gatewayStatus() {
        return 502;
    }
}
