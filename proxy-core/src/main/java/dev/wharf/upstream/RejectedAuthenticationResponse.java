package dev.wharf.upstream;

import dev.wharf.storage.ByteSource;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.URI;

/** A 401 that came after Wharf answered the upstream's challenge: the response as it is, marked so. */
final class RejectedAuthenticationResponse implements UpstreamResponse {
    private final UpstreamResponse response;

    RejectedAuthenticationResponse(UpstreamResponse response) {
        this.response = response;
    }

    @Override
    public int status() {
        return response.status();
    }

    @Override
    public HttpHeaders headers() {
        return response.headers();
    }

    @Override
    public URI uri() {
        return response.uri();
    }

    @Override
    public boolean authenticationRejected() {
        return true;
    }

    /** The body of the response, which the caller then owns as ever. */
    @Override
    public ByteSource body() {
        return response.body();
    }

    @Override
    public void close() {
        response.close();
    }
}
