package dev.wharf.upstream;

import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;

/**
 * One HTTP exchange with an upstream server, as an {@link UpstreamListener} hears of it.
 *
 * @param origin  {@code scheme://host[:port]} the request went to
 * @param method  the request method
 * @param purpose the pool the request ran on
 * @param status  the response status, or 0 when the exchange failed
 * @param failure why it failed, or null when a response arrived
 * @param latency from the request being handed to the pool until its response head arrived or it failed
 */
public record ExchangeEvent(String origin, HttpMethod method, Purpose purpose, int status, Failure failure,
                            Duration latency) {

    /** Why an exchange got no response. */
    public enum Failure {
        /** No free pooled connection within the wait. */
        POOL_TIMEOUT,
        /** Connect, TLS handshake or read timed out. */
        TIMEOUT,
        /** Refused, unresolvable, TLS failure, or closed before answering. */
        CONNECT,
        /** A malformed response. */
        PROTOCOL;

        static Failure of(UpstreamException e) {
            if (e instanceof UpstreamTimeoutException) {
                return TIMEOUT;
            }
            return e instanceof UpstreamProtocolException ? PROTOCOL : CONNECT;
        }
    }
}
