package dev.wharf.upstream;

import static dev.wharf.upstream.Clients.await;
import static dev.wharf.upstream.Clients.bodyText;
import static dev.wharf.upstream.Clients.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** HTTPS against a local server with a self-signed certificate for {@code localhost}. */
@SuppressWarnings("deprecation") // SelfSignedCertificate: its replacement, netty-pkitesting, is not a dependency here
@Timeout(30)
class TlsTest {
    private static EventLoopGroup group;
    private static SelfSignedCertificate certificate;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        certificate = new SelfSignedCertificate("localhost");
        server = TestServer.startTls(group, SslContextBuilder.forServer(certificate.key(), certificate.cert()).build(),
                (ctx, request) -> TestServer.respond(ctx, 200, "secret " + request.uri()));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        certificate.delete();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static TrustManagerFactory trustingTheTestCertificate() throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("test", certificate.cert());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory;
    }

    @Test
    void fetchesOverTlsAndReusesTheConnection() throws Exception {
        int before = server.connections();
        try (UpstreamClient client = new UpstreamClient(group, NioSocketChannel.class,
                UpstreamSettings.defaults().withTrustManager(trustingTheTestCertificate()))) {
            assertThat(bodyText(await(client.execute(UpstreamRequest.get(server.uri("localhost", "/a")))))).isEqualTo("secret /a");
            assertThat(bodyText(await(client.execute(UpstreamRequest.get(server.uri("localhost", "/b")))))).isEqualTo("secret /b");
        }

        assertThat(server.connections() - before).isEqualTo(1);
    }

    @Test
    void hostNameMustMatchTheCertificate() throws Exception {
        try (UpstreamClient client = new UpstreamClient(group, NioSocketChannel.class,
                UpstreamSettings.defaults().withTrustManager(trustingTheTestCertificate()))) {
            Throwable failure = failure(client.execute(UpstreamRequest.get(server.uri("127.0.0.1", "/a"))));

            assertThat(failure).isInstanceOf(UpstreamConnectException.class).hasMessageContaining("TLS handshake failed");
        }
    }

    @Test
    void untrustedCertificateIsRefused() throws Exception {
        try (UpstreamClient client = new UpstreamClient(group, NioSocketChannel.class, UpstreamSettings.defaults())) {
            Throwable failure = failure(client.execute(UpstreamRequest.get(server.uri("localhost", "/a"))));

            assertThat(failure).isInstanceOf(UpstreamConnectException.class).hasMessageContaining("TLS handshake failed");
        }
    }
}
