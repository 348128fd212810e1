package dev.wharf.upstream;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * A request to an upstream server, without a body.
 *
 * @param method      the HTTP method; redirects are followed for GET and HEAD only
 * @param uri         an absolute {@code http} or {@code https} URI without user info
 * @param headers     extra headers such as {@code Accept}; copied, so later changes to the argument do not
 *                    show. Several values of one name (Go clients send one {@code Accept} line per media type) go
 *                    upstream as separate lines, in order, at every hop (redirects, answered challenges); they are
 *                    never joined into one line
 * @param authScope   the bearer-token scope the request needs, e.g. {@code repository:library/alpine:pull},
 *                    or null; lets a cached token be sent without waiting for a challenge
 * @param purpose     which of the remote's connection pools the request runs on
 * @param readTimeout the read timeout, and the longest wait for a free connection, of this request, or null
 *                    for the remote's {@link RemoteSettings#readTimeout()}; revalidations use a short one
 */
public record UpstreamRequest(HttpMethod method, URI uri, HttpHeaders headers, String authScope, Purpose purpose,
                              Duration readTimeout) {
    public UpstreamRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(purpose, "purpose");
        HostKey.of(uri);
        headers = headers == null ? new DefaultHttpHeaders() : new DefaultHttpHeaders().set(headers);
        if (readTimeout != null) {
            RemoteSettings.requirePositive(readTimeout, "readTimeout");
        }
    }

    /** A metadata GET with no extra headers and no token scope. */
    public static UpstreamRequest get(URI uri) {
        return new UpstreamRequest(HttpMethod.GET, uri, null, null, Purpose.METADATA, null);
    }

    /** A copy with its own read timeout. */
    public UpstreamRequest withReadTimeout(Duration value) {
        return new UpstreamRequest(method, uri, headers, authScope, purpose, value);
    }

    /** A copy of the extra headers. */
    @Override
    public HttpHeaders headers() {
        return new DefaultHttpHeaders().set(headers);
    }
}
