package dev.wharf.upstream;

import static dev.wharf.upstream.Clients.await;
import static dev.wharf.upstream.Clients.bodyText;
import static dev.wharf.upstream.Clients.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The token realm rules end to end: which realms get the remote's credentials, plain http for an https
 * upstream, and realms pointing inward. {@code localhost} and {@code 127.0.0.1} are two hosts here.
 */
@Timeout(30)
class TokenRealmTest {
    private static final UpstreamCredentials USER = new UpstreamCredentials("user", "s3cret");
    @RegisterExtension
    final UpstreamFixture fixture = UpstreamFixture.nio();
    /** The realm the registries name in their challenges. */
    private final AtomicReference<URI> realm = new AtomicReference<>();
    private TestServer tokens;
    private TestServer registry;

    @BeforeEach
    void start() throws Exception {
        tokens = fixture.server((ctx, request) -> TestServer.respond(ctx, 200, "{\"token\":\"tok\"}"));
        registry = fixture.server(this::challengeOrServe);
    }

    private void challengeOrServe(io.netty.channel.ChannelHandlerContext ctx, io.netty.handler.codec.http.FullHttpRequest request) {
        if ("Bearer tok".equals(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            TestServer.respond(ctx, 200, "manifest");
        } else {
            TestServer.respond(ctx, 401, "", "WWW-Authenticate", "Bearer realm=\"" + realm.get() + "\",service=\"test\"");
        }
    }

    private static UpstreamRequest manifest(URI uri) {
        return new UpstreamRequest(HttpMethod.GET, uri, null, "repository:x:pull", Purpose.METADATA, null);
    }

    private Upstream remote(RemoteSettings settings) {
        return fixture.remote(settings);
    }

    @Test
    void aRealmOnTheUpstreamsOwnHostGetsTheCredentials() throws Exception {
        realm.set(tokens.uri("/token"));

        Upstream upstream = remote(RemoteSettings.of(registry.uri("/")).withCredentials(USER));

        assertThat(bodyText(await(upstream.execute(manifest(registry.uri("/v2/x/manifests/1")))))).isEqualTo("manifest");
        assertThat(tokens.requests().get(0).headers().get(HttpHeaderNames.AUTHORIZATION)).isEqualTo(USER.basicAuthorization());
    }

    @Test
    void credentialsNeverGoToARealmOnAnotherHost() throws Exception {
        realm.set(tokens.uri("localhost", "/token"));
        Upstream upstream = remote(RemoteSettings.of(registry.uri("/")).withCredentials(USER));

        Throwable failure = failure(upstream.execute(manifest(registry.uri("/v2/x/manifests/1"))));

        assertThat(failure).isInstanceOf(UpstreamProtocolException.class)
                .hasMessageContaining("token realm http://localhost:" + tokens.port() + "/token is not on the upstream's host 127.0.0.1")
                .hasMessageEndingWith("add the host to the remote's tokenRealms")
                .hasMessageNotContaining("s3cret");
        assertThat(tokens.requests()).isEmpty();
    }

    @Test
    void aListedRealmHostGetsTheCredentials() throws Exception {
        realm.set(tokens.uri("localhost", "/token"));
        Upstream upstream = remote(RemoteSettings.of(registry.uri("/")).withCredentials(USER).withTokenRealms(List.of("LocalHost")));

        assertThat(bodyText(await(upstream.execute(manifest(registry.uri("/v2/x/manifests/1")))))).isEqualTo("manifest");
        assertThat(tokens.requests().get(0).headers().get(HttpHeaderNames.AUTHORIZATION)).isEqualTo(USER.basicAuthorization());
    }

    @Test
    void anAnonymousRemoteAsksAnyRealmHostForAnAnonymousToken() throws Exception {
        realm.set(tokens.uri("localhost", "/token"));
        Upstream upstream = remote(RemoteSettings.of(registry.uri("/")));

        assertThat(bodyText(await(upstream.execute(manifest(registry.uri("/v2/x/manifests/1")))))).isEqualTo("manifest");
        assertThat(tokens.requests().get(0).headers().contains(HttpHeaderNames.AUTHORIZATION)).isFalse();
    }

    @Test
    void anHttpsUpstreamGetsNoTokenFromAPlainHttpRealm() throws Exception {
        TestServer secureRegistry = fixture.tlsServer(TestCertificate.localhost().serverContext(), this::challengeOrServe);
        realm.set(tokens.uri("localhost", "/token"));
        Upstream upstream = trustingClient().remote(RemoteSettings.of(secureRegistry.uri("localhost", "/")).withCredentials(USER));

        Throwable failure = failure(upstream.execute(manifest(secureRegistry.uri("localhost", "/v2/x/manifests/1"))));

        assertThat(failure).isInstanceOf(UpstreamProtocolException.class)
                .hasMessageStartingWith("token realm http://localhost:" + tokens.port() + "/token is plain http");
        assertThat(tokens.requests()).isEmpty();
    }

    @Test
    void aTokenRequestIsNotFollowedFromHttpsToPlainHttp() throws Exception {
        TestServer secureRegistry = fixture.tlsServer(TestCertificate.localhost().serverContext(), (ctx, request) -> {
            if (URI.create(request.uri()).getPath().equals("/token")) {
                TestServer.respond(ctx, 302, "", "Location", tokens.uri("localhost", "/token").toString());
            } else {
                challengeOrServe(ctx, request);
            }
        });
        realm.set(secureRegistry.uri("localhost", "/token"));
        Upstream upstream = trustingClient().remote(RemoteSettings.of(secureRegistry.uri("localhost", "/")));

        Throwable failure = failure(upstream.execute(manifest(secureRegistry.uri("localhost", "/v2/x/manifests/1"))));

        assertThat(failure).isInstanceOf(UpstreamProtocolException.class)
                .hasMessageStartingWith("token request redirected to http://localhost:" + tokens.port() + "/token is plain http");
        assertThat(tokens.requests()).isEmpty();
    }

    @Test
    void aPublicUpstreamsRealmMayNotPointInward() throws Exception {
        // The remote's own host resolves to a public address; the requests go straight to the local registry.
        UpstreamClient client = fixture.client(new FixedNames(Map.of(
                "registry.example.com", List.of("203.0.113.7"),
                "inward.example.com", List.of("127.0.0.1"))));
        Upstream upstream = client.remote(RemoteSettings.of(URI.create("http://registry.example.com/")));

        realm.set(tokens.uri("/token"));
        assertThat(failure(upstream.execute(manifest(registry.uri("/v2/x/manifests/1")))))
                .isInstanceOf(UpstreamProtocolException.class)
                .hasMessageStartingWith("token realm http://127.0.0.1:" + tokens.port() + "/token is on a loopback,"
                        + " link-local or private address (127.0.0.1) while the upstream http://registry.example.com is not");
        realm.set(tokens.uri("inward.example.com", "/token"));
        assertThat(failure(upstream.execute(manifest(registry.uri("/v2/x/manifests/1")))))
                .isInstanceOf(UpstreamProtocolException.class)
                .hasMessageContaining("inward.example.com:" + tokens.port() + "/token is on a loopback");
        assertThat(tokens.requests()).isEmpty();
    }

    private UpstreamClient trustingClient() throws Exception {
        return fixture.client(UpstreamSettings.defaults().withTrustManager(TestCertificate.localhost().trust()));
    }
}
