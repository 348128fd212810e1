package dev.wharf.docker;

import dev.wharf.auth.AccessControl;
import dev.wharf.auth.AuthenticationException;
import dev.wharf.auth.Caller;
import dev.wharf.codec.docker.ErrorCode;
import dev.wharf.server.Exchange;
import dev.wharf.storage.Futures;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Optional;

/**
 * The registry's refusals, in the registry's own terms: a 401 {@code UNAUTHORIZED} carrying a {@code Bearer}
 * challenge whose realm is this server's {@code /v2/token} (the Docker token flow, which dockerd and containerd
 * insist on), a 403 {@code DENIED} for a token that may read but not write, {@code NAME_UNKNOWN} for a repository
 * the caller may not read (as if it did not exist), and {@code TOOMANYREQUESTS} with {@code Retry-After}.
 */
final class DockerAccess {
    /** The {@code service} of the challenge and of the token endpoint. */
    static final String SERVICE = "wharf";

    private final AccessControl access;

    DockerAccess(AccessControl access) {
        this.access = access;
    }

    AccessControl control() {
        return access;
    }

    /** Answers a failed authentication ({@code error}, from {@link AccessControl#authenticate}). */
    void refuse(Exchange exchange, Throwable error, Optional<String> scope) {
        if (!(Futures.unwrap(error) instanceof AuthenticationException failure)) {
            throw new IllegalStateException("verifying the token failed", Futures.unwrap(error));
        }
        if (failure.rateLimited()) {
            HttpHeaders headers = DockerResponses.headers();
            headers.set(HttpHeaderNames.RETRY_AFTER, failure.retryAfterSeconds());
            DockerResponses.error(exchange, ErrorCode.TOOMANYREQUESTS, failure.getMessage(), headers);
            return;
        }
        unauthorized(exchange, failure.getMessage(), scope);
    }

    /** A 401 with the Bearer challenge, {@code scope} being e.g. {@code repository:images/app:pull,push}. */
    void unauthorized(Exchange exchange, String message, Optional<String> scope) {
        HttpHeaders headers = DockerResponses.headers();
        headers.set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"" + realm(exchange) + "\",service=\"" + SERVICE + "\""
                + scope.map(s -> ",scope=\"" + s + "\"").orElse(""));
        DockerResponses.error(exchange, ErrorCode.UNAUTHORIZED, message, headers);
    }

    /**
     * True when {@code caller} may make this request of repository {@code key} (writes land in {@code writeKey});
     * otherwise answers the refusal.
     */
    boolean admit(Exchange exchange, Caller caller, String key, String writeKey, String imageName) {
        boolean mayRead = access.mayRead(caller, key);
        if (exchange.isRead() ? mayRead : access.mayWrite(caller, writeKey)) {
            return true;
        }
        if (caller.anonymous()) {
            unauthorized(exchange, exchange.isRead() ? "authentication required to read " + imageName
                    : "authentication required to push to " + imageName,
                    Optional.of("repository:" + imageName + (exchange.isRead() ? ":pull" : ":pull,push")));
        } else if (!mayRead) {
            DockerResponses.error(exchange, ErrorCode.NAME_UNKNOWN, "no repository serves " + imageName);
        } else {
            DockerResponses.error(exchange, ErrorCode.DENIED, "token " + caller.name() + " may not push to repository " + writeKey);
        }
        return false;
    }

    /** The token endpoint's URL as this client reaches the server, from its {@code Host} header. */
    private static String realm(Exchange exchange) {
        String host = exchange.requestHeaders().get(HttpHeaderNames.HOST);
        if (host == null || host.isBlank() || !host.matches("[A-Za-z0-9.:\\[\\]_-]+")) {
            host = exchange.ctx().channel().localAddress().toString().replaceFirst("^[^/]*/", "");
        }
        return (exchange.isSecure() ? "https://" : "http://") + host + DockerTokenEndpoint.PATH;
    }
}
