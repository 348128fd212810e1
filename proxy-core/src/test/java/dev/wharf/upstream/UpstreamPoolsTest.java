package dev.wharf.upstream;

import static dev.wharf.upstream.Clients.await;
import static dev.wharf.upstream.Clients.bodyText;
import static dev.wharf.upstream.Clients.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Per-remote pools split by purpose, the bounded wait for a connection, per-request read timeouts, stats and events. */
@Timeout(30)
class UpstreamPoolsTest {
    @RegisterExtension
    final UpstreamFixture fixture = UpstreamFixture.nio();
    private final AtomicReference<ChannelHandlerContext> slow = new AtomicReference<>();
    private final List<ExchangeEvent> events = new CopyOnWriteArrayList<>();
    private final List<UpstreamResponse> held = new ArrayList<>();
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = fixture.server((ctx, request) -> {
            switch (URI.create(request.uri()).getPath()) {
                // A blob whose body stalls after ten bytes: its connection stays taken until the response is closed.
                case "/blob" -> TestServer.writeRaw(ctx, "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n0123456789");
                // Five bytes now, five when the test says so.
                case "/slow" -> {
                    slow.set(ctx);
                    DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                    head.headers().set(HttpHeaderNames.CONTENT_LENGTH, 10);
                    ctx.write(head);
                    ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer("01234", StandardCharsets.US_ASCII)));
                }
                case "/stall" -> { } // never answers
                // A registry that is its own token service: both share the metadata pool.
                case "/v2/private" -> {
                    if ("Bearer t".equals(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
                        TestServer.respond(ctx, 200, "private");
                    } else {
                        TestServer.respond(ctx, 401, "{\"errors\":[]}", "WWW-Authenticate",
                                "Bearer realm=\"" + server.uri("/token") + "\",service=\"test\"");
                    }
                }
                case "/token" -> TestServer.respond(ctx, 200, "{\"token\":\"t\"}");
                default -> TestServer.respond(ctx, 200, "meta " + request.uri());
            }
        });
    }

    @AfterEach
    void closeHeld() {
        held.forEach(UpstreamResponse::close);
    }

    private Upstream remote(int max, int maxBlob, Duration readTimeout) {
        return fixture.client().remote(RemoteSettings.of(server.uri("/")).withConnections(max, maxBlob)
                .withReadTimeout(readTimeout), events::add);
    }

    private static UpstreamRequest blob(URI uri) {
        return new UpstreamRequest(HttpMethod.GET, uri, null, null, Purpose.BLOB, null);
    }

    private UpstreamResponse hold(UpstreamResponse response) {
        held.add(response);
        return response;
    }

    @Test
    void metadataIsAnsweredWhileEveryBlobConnectionIsHeld() throws Exception {
        Upstream upstream = remote(3, 2, Duration.ofSeconds(10));
        hold(await(upstream.execute(blob(server.uri("/blob")))));
        hold(await(upstream.execute(blob(server.uri("/blob")))));

        UpstreamResponse manifest = upstream.execute(UpstreamRequest.get(server.uri("/manifest"))).get(2, TimeUnit.SECONDS);

        assertThat(bodyText(manifest)).isEqualTo("meta /manifest");
        assertThat(upstream.poolStats()).containsExactlyInAnyOrder(
                new PoolStats(Purpose.BLOB, "http://127.0.0.1:" + server.port(), 2, 2, 0),
                new PoolStats(Purpose.METADATA, "http://127.0.0.1:" + server.port(), 1, 0, 0));
    }

    @Test
    void theWaitForAFreeConnectionIsBounded() throws Exception {
        Upstream upstream = remote(2, 1, Duration.ofMillis(300));
        hold(await(upstream.execute(blob(server.uri("/blob")))));

        CompletableFuture<UpstreamResponse> waiting = upstream.execute(blob(server.uri("/blob")));
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.poolStats().stream()
                .anyMatch(p -> p.purpose() == Purpose.BLOB && p.pending() == 1));
        Throwable failure = failure(waiting);

        assertThat(failure).isInstanceOf(UpstreamTimeoutException.class)
                .hasMessage("no free blob connection to http://127.0.0.1:" + server.port() + " within 300 ms");
        assertThat(((UpstreamException) failure).gatewayStatus()).isEqualTo(504);
        assertThat(events).last().satisfies(e -> {
            assertThat(e.purpose()).isEqualTo(Purpose.BLOB);
            assertThat(e.status()).isZero();
            assertThat(e.failure()).isEqualTo(ExchangeEvent.Failure.POOL_TIMEOUT);
        });
        assertThat(upstream.poolStats()).filteredOn(p -> p.purpose() == Purpose.BLOB).singleElement()
                .extracting(PoolStats::pending).isEqualTo(0);
    }

    @Test
    void aConnectionFreedAfterItsWaiterGaveUpIsKeptForTheNextRequest() throws Exception {
        Upstream upstream = remote(2, 1, Duration.ofMillis(300));
        UpstreamResponse first = await(upstream.execute(blob(server.uri("/slow"))));
        assertThat(failure(upstream.execute(blob(server.uri("/slow"))))).isInstanceOf(UpstreamTimeoutException.class);

        ChannelHandlerContext ctx = slow.get();
        ctx.writeAndFlush(new DefaultLastHttpContent(Unpooled.copiedBuffer("56789", StandardCharsets.US_ASCII)));
        assertThat(bodyText(first)).isEqualTo("0123456789");

        assertThat(bodyText(await(upstream.execute(blob(server.uri("/after")))))).isEqualTo("meta /after");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void aRequestMaySetItsOwnReadTimeout() throws Exception {
        Upstream upstream = remote(2, 1, Duration.ofSeconds(20));
        long start = System.nanoTime();

        Throwable failure = failure(upstream.execute(UpstreamRequest.get(server.uri("/stall")).withReadTimeout(Duration.ofMillis(200))));

        assertThat(failure).isInstanceOf(UpstreamTimeoutException.class).hasMessageContaining("no bytes for 200 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aChallengedRequestFreesItsConnectionBeforeTheTokenRequestNeedsIt() throws Exception {
        Upstream upstream = remote(2, 1, Duration.ofSeconds(2));

        UpstreamResponse response = upstream.execute(UpstreamRequest.get(server.uri("/v2/private"))).get(5, TimeUnit.SECONDS);

        assertThat(bodyText(response)).isEqualTo("private");
        assertThat(server.requests()).extracting(TestServer.Recorded::uri).containsExactly("/v2/private", "/token?service=test", "/v2/private");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void twentyChallengedRequestsOnAMetadataPoolOfOneShareOneTokenRequest() throws Exception {
        Upstream upstream = remote(2, 1, Duration.ofSeconds(5));
        List<CompletableFuture<UpstreamResponse>> responses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            responses.add(upstream.execute(UpstreamRequest.get(server.uri("/v2/private"))));
        }

        for (CompletableFuture<UpstreamResponse> response : responses) {
            assertThat(bodyText(response.get(10, TimeUnit.SECONDS))).isEqualTo("private");
        }
        assertThat(server.requests("/token")).hasSize(1);
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void eachRemoteHasPoolsOfItsOwn() throws Exception {
        Upstream busy = remote(2, 1, Duration.ofMillis(300));
        Upstream other = remote(2, 1, Duration.ofMillis(300));
        hold(await(busy.execute(blob(server.uri("/blob")))));

        assertThat(bodyText(await(other.execute(blob(server.uri("/other")))))).isEqualTo("meta /other");
    }

    @Test
    void listenerHearsOfEachExchange() throws Exception {
        Upstream upstream = remote(2, 1, Duration.ofSeconds(10));
        bodyText(await(upstream.execute(UpstreamRequest.get(server.uri("/m")))));
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        failure(upstream.execute(blob(URI.create("http://127.0.0.1:" + closedPort + "/b"))));

        assertThat(events).hasSize(2);
        ExchangeEvent answered = events.get(0);
        assertThat(answered.origin()).isEqualTo("http://127.0.0.1:" + server.port());
        assertThat(answered.method()).isEqualTo(HttpMethod.GET);
        assertThat(answered.purpose()).isEqualTo(Purpose.METADATA);
        assertThat(answered.status()).isEqualTo(200);
        assertThat(answered.failure()).isNull();
        assertThat(answered.latency()).isPositive();
        ExchangeEvent refused = events.get(1);
        assertThat(refused.origin()).isEqualTo("http://127.0.0.1:" + closedPort);
        assertThat(refused.purpose()).isEqualTo(Purpose.BLOB);
        assertThat(refused.failure()).isEqualTo(ExchangeEvent.Failure.CONNECT);
    }
}
