package dev.wharf.auth;

import dev.wharf.server.Exchange;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * The authentication headers of a refusal, whichever protocol renders its body: {@code WWW-Authenticate} on a 401 (so
 * that pip, mvn and the Docker clients send their credentials), {@code Retry-After} on a 429.
 */
public final class Challenges {
    /** The realm of Wharf's Basic challenge. */
    public static final String REALM = "wharf";

    private Challenges() {
    }

    /** A 401 that asks for HTTP Basic (any user, the token as password) or a Bearer token. */
    public static HttpResponseStatus basic(Exchange exchange) {
        exchange.addResponseHeader(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\"");
        return HttpResponseStatus.UNAUTHORIZED;
    }

    /** The status and headers of a failed authentication: 429 with Retry-After when rate limited, else a Basic 401. */
    public static HttpResponseStatus of(Exchange exchange, AuthenticationException failure) {
        if (failure.rateLimited()) {
            exchange.addResponseHeader(HttpHeaderNames.RETRY_AFTER, failure.retryAfterSeconds());
            return HttpResponseStatus.TOO_MANY_REQUESTS;
        }
        return basic(exchange);
    }
}
