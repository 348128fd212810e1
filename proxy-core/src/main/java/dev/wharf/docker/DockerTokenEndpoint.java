package dev.wharf.docker;

import dev.wharf.auth.AccessControl;
import dev.wharf.auth.Caller;
import dev.wharf.codec.JsonStrings;
import dev.wharf.server.Exchange;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code GET /v2/token?service=&scope=}: the token endpoint of the Docker token flow. A client that authenticates
 * (HTTP Basic with the token as password, as {@code docker login} sends it) gets a signed token of its API token,
 * valid for {@link AccessControl#SIGNED_TOKEN_LIFETIME}; an anonymous client gets an anonymous one, which reads
 * only what anonymous reads are allowed. The {@code scope} is not narrowed into the token: every registry call is
 * checked against the API token's permissions (looked up again, so that revocation ends signed tokens too).
 */
final class DockerTokenEndpoint {
    /** The path of the endpoint. */
    static final String PATH = "/v2/token";

    private final DockerAccess access;

    DockerTokenEndpoint(DockerAccess access) {
        this.access = access;
    }

    void handle(Exchange exchange) {
        if (!exchange.method().equals(HttpMethod.GET) && !exchange.method().equals(HttpMethod.HEAD)) {
            DockerResponses.error(exchange, dev.wharf.codec.docker.ErrorCode.UNSUPPORTED,
                    exchange.method() + " " + PATH + " (expected GET)");
            return;
        }
        AccessControl control = access.control();
        exchange.when(control.authenticate(exchange), (caller, error) -> {
            if (error != null) {
                access.refuse(exchange, error, Optional.empty());
                return;
            }
            respond(exchange, control, caller);
        });
    }

    private static void respond(Exchange exchange, AccessControl control, Caller caller) {
        String token = control.verifier().sign(caller, AccessControl.SIGNED_TOKEN_LIFETIME);
        String quoted = JsonStrings.quote(token);
        DefaultHttpHeaders headers = new DefaultHttpHeaders();
        headers.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        exchange.respond(HttpResponseStatus.OK, headers, "application/json; charset=utf-8",
                "{\"token\":" + quoted + ",\"access_token\":" + quoted + ",\"expires_in\":"
                        + AccessControl.SIGNED_TOKEN_LIFETIME.toSeconds() + ",\"issued_at\":"
                        + JsonStrings.quote(Instant.now().toString()) + "}\n");
    }
}
