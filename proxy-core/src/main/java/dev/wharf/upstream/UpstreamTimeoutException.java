package dev.wharf.upstream;

/** The upstream did not connect, or sent no bytes while a response was expected, within the configured time. */
public final class UpstreamTimeoutException extends UpstreamException {
    public UpstreamTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Always 504 Gateway Timeout. */
    @Override
    public int gatewayStatus() {
        return 504;
    }
}
