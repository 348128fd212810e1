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
    final UpstreamFixture upstream = UpstreamFixture.nio();
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = upstream.tlsServer(TestCertificate.localhost().serverContext(),
                (ctx, request) -> TestServer.respond(ctx, 200, "secret " + request.uri()));
    }

    @Test
    void fetchesOverTlsAndReusesTheConnection() throws Exception {
        UpstreamClient client = upstream.client(UpstreamSettings.defaults().withTrustManager(TestCertificate.localhost().trust()));

        assertThat(bodyText(await(client.execute(UpstreamRequest.get(server.uri("localhost", "/a")))))).isEqualTo("secret /a");
        assertThat(bodyText(await(client.execute(UpstreamRequest.get(server.uri("localhost", "/b")))))).isEqualTo("secret /b");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void hostNameMustMatchTheCertificate() throws Exception {
        UpstreamClient client = upstream.client(UpstreamSettings.defaults().withTrustManager(TestCertificate.localhost().trust()));

        Throwable failure = failure(client.execute(UpstreamRequest.get(server.uri("127.0.0.1", "/a"))));

        assertThat(failure).isInstanceOf(UpstreamConnectException.class).hasMessageContaining("TLS handshake failed");
    }

    @Test
    void untrustedCertificateIsRefused() throws Exception {
        Throwable failure = failure(upstream.client().execute(UpstreamRequest.get(server.uri("localhost", "/a"))));

        assertThat(failure).isInstanceOf(UpstreamConnectException.class).hasMessageContaining("TLS handshake failed");
    }
}
