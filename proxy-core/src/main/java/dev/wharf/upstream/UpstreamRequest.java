package dev.wharf.upstream;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.util.Objects;

/**
 * A request to an upstream server, without a body.
 *
 * @param method      the HTTP method; redirects are followed for GET and HEAD only
 * @param uri         an absolute {@code http} or {@code https} URI without user info
 * @param headers     extra headers such as {@code Accept}; copied, so later changes to the argument do not
 *                    show
 * @param credentials the upstream account, or null for anonymous access; sent only after a challenge asks
 *                    for it, and never to another host after a redirect
 * @param authScope   the bearer-token scope the request needs, e.g. {@code repository:library/alpine:pull},
 *                    or null; lets a cached token be sent without waiting for a challenge
 */
public record UpstreamRequest(HttpMethod method, URI uri, HttpHeaders headers, UpstreamCredentials credentials,
                              String authScope) {
    public UpstreamRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        HostKey.of(uri);
        headers = headers == null ? new DefaultHttpHeaders() : new DefaultHttpHeaders().set(headers);
    }

    /** An anonymous GET with no extra headers. */
    public static UpstreamRequest get(URI uri) {
        return new UpstreamRequest(HttpMethod.GET, uri, null, null, null);
    }

    /** A copy of the extra headers. */
    @Override
    public HttpHeaders headers() {
        return new DefaultHttpHeaders().set(headers);
    }
}
