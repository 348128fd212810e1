package dev.wharf.upstream;

import static dev.wharf.upstream.Clients.await;
import static dev.wharf.upstream.Clients.bodyText;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.AttributeKey;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(30)
class ConnectionReuseTest {
    private static final AttributeKey<Integer> SERVED = AttributeKey.valueOf("served");
    @RegisterExtension
    final UpstreamFixture fixture = UpstreamFixture.nio();
    private TestServer server;
    private Upstream upstream;

    @BeforeEach
    void start() throws Exception {
        server = fixture.server((ctx, request) -> {
            Integer prior = ctx.channel().attr(SERVED).get();
            int served = prior == null ? 0 : prior;
            ctx.channel().attr(SERVED).set(served + 1);
            if (request.uri().equals("/dropped-when-reused") && served > 0) {
                ctx.close();
                return;
            }
            switch (request.uri()) {
                case "/big" -> TestServer.respond(ctx, 200, "x".repeat(1 << 20));
                case "/empty" -> TestServer.respond(ctx, 204, "");
                default -> TestServer.respond(ctx, 200, "hello " + request.uri());
            }
        });
        upstream = fixture.client(UpstreamSettings.defaults().withIdleConnectionLifetime(Duration.ofSeconds(30)))
                .remote(RemoteSettings.of(server.uri("/")));
    }

    @Test
    void sequentialRequestsShareOneConnection() throws Exception {
        for (int i = 0; i < 5; i++) {
            UpstreamResponse response = await(upstream.execute(UpstreamRequest.get(server.uri("/n" + i))));
            assertThat(response.status()).isEqualTo(200);
            assertThat(bodyText(response)).isEqualTo("hello /n" + i);
        }

        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.requests()).hasSize(5);
        assertThat(server.requests().get(0).headers().get("User-Agent")).isEqualTo("wharf/0.1");
        assertThat(server.requests().get(0).headers().get("Host")).isEqualTo("127.0.0.1:" + server.port());
    }

    @Test
    void closingAnUnreadBodyClosesTheConnection() throws Exception {
        UpstreamResponse big = await(upstream.execute(UpstreamRequest.get(server.uri("/big"))));
        ByteBuf first = big.body().next().get(10, TimeUnit.SECONDS);
        assertThat(first.readableBytes()).isPositive().isLessThan(1 << 20);
        first.release();
        big.close();
        big.close();

        UpstreamResponse next = await(upstream.execute(UpstreamRequest.get(server.uri("/after"))));

        assertThat(bodyText(next)).isEqualTo("hello /after");
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void emptyBodiesNeedNotBeReadForReuse() throws Exception {
        UpstreamResponse head = await(upstream.execute(new UpstreamRequest(HttpMethod.HEAD, server.uri("/big"), null, null, Purpose.METADATA, null)));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.headers().get("Content-Length")).isEqualTo(String.valueOf(1 << 20));
        head.close();
        UpstreamResponse noContent = await(upstream.execute(UpstreamRequest.get(server.uri("/empty"))));
        assertThat(noContent.status()).isEqualTo(204);
        assertThat(noContent.body().next().get(10, TimeUnit.SECONDS)).isNull();
        noContent.close();

        assertThat(bodyText(await(upstream.execute(UpstreamRequest.get(server.uri("/last")))))).isEqualTo("hello /last");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void idleConnectionsAreClosedAfterTheirLifetime() throws Exception {
        Upstream shortLived = fixture.client(UpstreamSettings.defaults().withIdleConnectionLifetime(Duration.ofMillis(200)))
                .remote(RemoteSettings.of(server.uri("/")));
        assertThat(bodyText(await(shortLived.execute(UpstreamRequest.get(server.uri("/a")))))).isEqualTo("hello /a");
        Thread.sleep(600);
        assertThat(bodyText(await(shortLived.execute(UpstreamRequest.get(server.uri("/b")))))).isEqualTo("hello /b");

        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void connectionClosedByTheServerWhileIdleIsNotUsedAgain() throws Exception {
        assertThat(bodyText(await(upstream.execute(UpstreamRequest.get(server.uri("/a")))))).isEqualTo("hello /a");
        server.closeConnections();
        Thread.sleep(200);

        // A POST is never sent twice: it succeeds only if the close was noticed while the connection sat
        // idle, not by trying the dead connection first (a GET would hide that behind its retry).
        UpstreamRequest post = new UpstreamRequest(HttpMethod.POST, server.uri("/b"), null, null, Purpose.METADATA, null);
        assertThat(bodyText(await(upstream.execute(post)))).isEqualTo("hello /b");
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void requestOnAConnectionTheServerDropsUnansweredIsSentAgainOnANewOne() throws Exception {
        assertThat(bodyText(await(upstream.execute(UpstreamRequest.get(server.uri("/a")))))).isEqualTo("hello /a");

        UpstreamResponse response = await(upstream.execute(UpstreamRequest.get(server.uri("/dropped-when-reused"))));

        assertThat(bodyText(response)).isEqualTo("hello /dropped-when-reused");
        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.requests("/dropped-when-reused")).hasSize(2);
    }
}
