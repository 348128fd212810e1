package dev.wharf.upstream;

/** The upstream could not be reached: refused, name resolution, TLS handshake, or closed before answering. */
public final class UpstreamConnectException extends UpstreamException {
    public UpstreamConnectException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Always 502 Bad Gateway. */
    @Override
    public int gatewayStatus() {
        return 502;
    }
}
