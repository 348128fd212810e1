package dev.wharf.upstream;

/** The upstream answered with something malformed: a bad response head, chunk, token response, or redirect. */
public final class UpstreamProtocolException extends UpstreamException {
    public UpstreamProtocolException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Always 502 Bad Gateway. */
    @Override
    public int gatewayStatus() {
        return 502;
    }
}
