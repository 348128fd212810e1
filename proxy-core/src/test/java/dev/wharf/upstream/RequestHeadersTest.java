package dev.wharf.upstream;

import static dev.wharf.upstream.Clients.await;
import static dev.wharf.upstream.Clients.bodyText;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Caller headers as the upstream receives them: every value of a name, on a line of its own, at every hop. */
@Timeout(30)
class RequestHeadersTest {
    private static final UpstreamCredentials USER = new UpstreamCredentials("user", "s3cret");
    private static final List<String> ACCEPT = List.of(
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json, application/json;q=0.5");
    @RegisterExtension
    final UpstreamFixture fixture = UpstreamFixture.nio();
    private TestServer cdn;
    private TestServer registry;

    @BeforeEach
    void start() throws Exception {
        cdn = fixture.server((ctx, request) -> TestServer.respond(ctx, 200, "moved"));
        registry = fixture.server((ctx, request) -> {
            if (!USER.basicAuthorization().equals(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
                TestServer.respond(ctx, 401, "", "WWW-Authenticate", "Basic realm=\"test\"");
            } else if (URI.create(request.uri()).getPath().equals("/moved")) {
                TestServer.respond(ctx, 307, "", "Location", cdn.uri("localhost", "/there").toString());
            } else {
                TestServer.respond(ctx, 200, "here");
            }
        });
    }

    private static HttpHeaders accept() {
        HttpHeaders headers = new DefaultHttpHeaders();
        ACCEPT.forEach(value -> headers.add(HttpHeaderNames.ACCEPT, value));
        return headers;
    }

    @Test
    void everyValueOfANameGoesUpstreamOnALineOfItsOwn() throws Exception {
        Upstream upstream = fixture.remote(RemoteSettings.of(registry.uri("/")).withCredentials(USER));

        UpstreamRequest request = new UpstreamRequest(HttpMethod.GET, registry.uri("/here"), accept(), null, Purpose.METADATA, null);
        assertThat(bodyText(await(upstream.execute(request)))).isEqualTo("here");
        UpstreamRequest redirected = new UpstreamRequest(HttpMethod.GET, registry.uri("/moved"), accept(), null, Purpose.METADATA, null);
        assertThat(bodyText(await(upstream.execute(redirected)))).isEqualTo("moved");

        assertThat(registry.requests()).as("challenged, answered, then the redirected request").hasSize(3)
                .allSatisfy(r -> assertThat(r.headers().getAll(HttpHeaderNames.ACCEPT)).isEqualTo(ACCEPT));
        assertThat(cdn.requests()).singleElement()
                .satisfies(r -> assertThat(r.headers().getAll(HttpHeaderNames.ACCEPT)).isEqualTo(ACCEPT));
    }
}
