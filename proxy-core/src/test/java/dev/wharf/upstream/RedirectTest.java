package dev.wharf.upstream;

import static dev.wharf.upstream.Clients.await;
import static dev.wharf.upstream.Clients.bodyText;
import static dev.wharf.upstream.Clients.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(30)
class RedirectTest {
    private static final UpstreamCredentials USER = new UpstreamCredentials("user", "s3cret");
    private static final String USER_BASIC = USER.basicAuthorization();
    @RegisterExtension
    final UpstreamFixture fixture = UpstreamFixture.nio();
    private TestServer registry;
    private TestServer cdn;
    private Upstream anonymous;
    private Upstream withUser;

    @BeforeEach
    void start() throws Exception {
        cdn = fixture.server((ctx, request) -> TestServer.respond(ctx, 200, "blob bytes"));
        registry = fixture.server((ctx, request) -> {
            String path = URI.create(request.uri()).getPath();
            boolean authorized = USER_BASIC.equals(request.headers().get(HttpHeaderNames.AUTHORIZATION));
            switch (path) {
                case "/start" -> TestServer.respond(ctx, 302, "moved", "Location", "final?x=1");
                case "/final" -> TestServer.respond(ctx, 200, "final");
                case "/loop" -> TestServer.respond(ctx, 302, "", "Location", "/loop");
                default -> {
                    if (!authorized) {
                        TestServer.respond(ctx, 401, "login", "WWW-Authenticate", "Basic realm=\"registry\"");
                    } else if (path.equals("/v2/x/blobs/sha256:1")) {
                        TestServer.respond(ctx, 307, "", "Location", cdn.uri("localhost", "/blob?X-Signature=abc").toString());
                    } else if (path.equals("/v2/x/blobs/sha256:2")) {
                        TestServer.respond(ctx, 301, "", "Location", "/v2/x/blobs/moved");
                    } else {
                        TestServer.respond(ctx, 200, "authorized " + path);
                    }
                }
            }
        });
        anonymous = fixture.remote(registry.uri("/"));
        withUser = fixture.remote(RemoteSettings.of(registry.uri("/")).withCredentials(USER));
    }

    @Test
    void followsRelativeRedirectsOnTheSameConnection() throws Exception {
        UpstreamResponse response = await(anonymous.execute(UpstreamRequest.get(registry.uri("/start"))));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.uri()).isEqualTo(registry.uri("/final?x=1"));
        assertThat(bodyText(response)).isEqualTo("final");
        assertThat(registry.connections()).isEqualTo(1);
    }

    @Test
    void redirectToAnotherHostDropsAuthorizationButKeepsAccept() throws Exception {
        UpstreamRequest request = new UpstreamRequest(HttpMethod.GET, registry.uri("/v2/x/blobs/sha256:1"),
                new DefaultHttpHeaders().set(HttpHeaderNames.ACCEPT, "application/octet-stream"), null, Purpose.BLOB, null);

        UpstreamResponse response = await(withUser.execute(request));

        assertThat(bodyText(response)).isEqualTo("blob bytes");
        assertThat(response.uri()).isEqualTo(cdn.uri("localhost", "/blob?X-Signature=abc"));
        assertThat(registry.requests()).extracting(r -> r.headers().get(HttpHeaderNames.AUTHORIZATION))
                .containsExactly(null, USER_BASIC);
        assertThat(cdn.requests()).hasSize(1);
        TestServer.Recorded atCdn = cdn.requests().get(0);
        assertThat(atCdn.uri()).isEqualTo("/blob?X-Signature=abc");
        assertThat(atCdn.headers().contains(HttpHeaderNames.AUTHORIZATION)).isFalse();
        assertThat(atCdn.headers().get(HttpHeaderNames.ACCEPT)).isEqualTo("application/octet-stream");
        assertThat(atCdn.headers().get(HttpHeaderNames.HOST)).isEqualTo("localhost:" + cdn.port());
    }

    @Test
    void redirectOnTheSameHostKeepsAuthorization() throws Exception {
        UpstreamRequest request = new UpstreamRequest(HttpMethod.GET, registry.uri("/v2/x/blobs/sha256:2"), null, null,
                Purpose.BLOB, null);

        assertThat(bodyText(await(withUser.execute(request)))).isEqualTo("authorized /v2/x/blobs/moved");
    }

    @Test
    void callerSuppliedAuthorizationIsNotSentToAnotherHost() throws Exception {
        UpstreamRequest request = new UpstreamRequest(HttpMethod.GET, registry.uri("/v2/x/blobs/sha256:1"),
                new DefaultHttpHeaders().set(HttpHeaderNames.AUTHORIZATION, USER_BASIC), null, Purpose.BLOB, null);

        assertThat(bodyText(await(anonymous.execute(request)))).isEqualTo("blob bytes");
        assertThat(cdn.requests().get(0).headers().contains(HttpHeaderNames.AUTHORIZATION)).isFalse();
    }

    @Test
    void tooManyRedirectsFail() throws Exception {
        Throwable failure = failure(anonymous.execute(UpstreamRequest.get(registry.uri("/loop"))));

        assertThat(failure).isInstanceOf(UpstreamProtocolException.class).hasMessageContaining("more than 5 redirects");
        assertThat(registry.requests()).hasSize(6);
    }

    @Test
    void redirectsAreNotFollowedForOtherMethods() throws Exception {
        UpstreamResponse response = await(anonymous.execute(new UpstreamRequest(HttpMethod.POST, registry.uri("/start"), null, null,
                Purpose.METADATA, null)));

        assertThat(response.status()).isEqualTo(302);
        assertThat(bodyText(response)).isEqualTo("moved");
    }
}
