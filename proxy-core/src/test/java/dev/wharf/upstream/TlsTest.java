package dev.wharf.upstream;

import static dev.wharf.upstream.Clients.await;
import static dev.wharf.upstream.Clients.bodyText;
import static dev.wharf.upstream.Clients.failure;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** HTTPS against a local server with a self-signed certificate for {@code localhost}. */
@Timeout(30)
class TlsTest {
    @RegisterExtension
    final UpstreamFixture fixture = UpstreamFixture.nio();
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = fixture.tlsServer(TestCertificate.localhost().serverContext(),
                (ctx, request) -> TestServer.respond(ctx, 200, "secret " + request.uri()));
    }

    private UpstreamClient trustingClient() throws Exception {
        return fixture.client(UpstreamSettings.defaults().withTrustManager(TestCertificate.localhost().trust()));
    }

    @Test
    void fetchesOverTlsAndReusesTheConnection() throws Exception {
        Upstream upstream = trustingClient().remote(RemoteSettings.of(server.uri("localhost", "/")));

        assertThat(bodyText(await(upstream.execute(UpstreamRequest.get(server.uri("localhost", "/a")))))).isEqualTo("secret /a");
        assertThat(bodyText(await(upstream.execute(UpstreamRequest.get(server.uri("localhost", "/b")))))).isEqualTo("secret /b");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void hostNameMustMatchTheCertificate() throws Exception {
        Upstream upstream = trustingClient().remote(RemoteSettings.of(server.uri("127.0.0.1", "/")));

        Throwable failure = failure(upstream.execute(UpstreamRequest.get(server.uri("127.0.0.1", "/a"))));

        assertThat(failure).isInstanceOf(UpstreamConnectException.class).hasMessageContaining("TLS handshake failed");
    }

    @Test
    void untrustedCertificateIsRefused() throws Exception {
        Upstream upstream = fixture.remote(server.uri("localhost", "/"));

        Throwable failure = failure(upstream.execute(UpstreamRequest.get(server.uri("localhost", "/a"))));

        assertThat(failure).isInstanceOf(UpstreamConnectException.class).hasMessageContaining("TLS handshake failed");
    }
}
