package dev.wharf.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.app.BuiltInFormats;
import dev.wharf.config.ConfigLoader;
import dev.wharf.config.WharfConfig;
import dev.wharf.cache.FillEngine;
import dev.wharf.server.AccessLogHandler;
import dev.wharf.server.AccessLogWriter;
import dev.wharf.server.RouterHandler;
import dev.wharf.app.Stores;
import dev.wharf.upstream.UpstreamClient;
import dev.wharf.upstream.UpstreamSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.flow.FlowControlHandler;
import java.net.ServerSocket;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Docker handler on an EmbeddedChannel, with real embedded stores and an upstream that refuses connections. */
@Timeout(30)
class DockerHandlerTest {
    private static final AccessLogWriter ACCESS_LOG = new AccessLogWriter(OutputStream.nullOutputStream());
    @TempDir
    Path dir;
    private Stores stores;
    private EventLoopGroup group;
    private ExecutorService files;
    private UpstreamClient upstream;
    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path file = dir.resolve("wharf.yaml");
        Files.writeString(file, """
                storage:
                  blobs: { type: filesystem, path: %s }
                  metadata: { type: embedded, path: %s }
                repositories:
                  - { key: hub, format: docker, type: remote, url: "http://127.0.0.1:%d", blocklist: ["evil/*"] }
                  - { key: images, format: docker, type: local }
                """.formatted(dir.resolve("blobs"), dir.resolve("meta"), closedPort));
        WharfConfig config = ConfigLoader.load(file, Map.of(), new BuiltInFormats());
        stores = Stores.open(config.storage());
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        files = Executors.newFixedThreadPool(2);
        upstream = new UpstreamClient(group, NioSocketChannel.class, UpstreamSettings.defaults());
        FillEngine fills = new FillEngine(stores.blobs(), stores.coordination(), group, files);
        DockerHandler handler = DockerHandler.create(config, stores.metadata(), stores.blobs(), stores.coordination(),
                upstream, fills, files, Clock.systemUTC());
        channel = new EmbeddedChannel();
        channel.config().setAutoRead(false);
        channel.pipeline().addLast(new HttpServerCodec(), new FlowControlHandler(), new HttpServerKeepAliveHandler(),
                new AccessLogHandler(ACCESS_LOG), new RouterHandler(List.of(new RouterHandler.Route("/v2", handler)), new AtomicInteger()));
        channel.pipeline().fireChannelActive();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        channel.finishAndReleaseAll();
        upstream.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        files.shutdownNow();
        stores.close();
    }

    @Test
    void pingAnswersWithTheApiVersion() {
        String response = exchange("GET /v2/");
        assertThat(response).startsWith("HTTP/1.1 200 OK").contains("Docker-Distribution-API-Version: registry/2.0").endsWith("{}");
    }

    @Test
    void unknownRepositoryIsNameUnknown() {
        assertThat(exchange("GET /v2/nobody/app/manifests/latest"))
                .startsWith("HTTP/1.1 404").contains("\"code\":\"NAME_UNKNOWN\"");
    }

    @Test
    void blocklistedImageIsDenied() {
        assertThat(exchange("GET /v2/hub/evil/thing/manifests/latest"))
                .startsWith("HTTP/1.1 403").contains("\"code\":\"DENIED\"");
    }

    @Test
    void traversalIsRejectedInRegistryFormat() {
        assertThat(exchange("GET /v2/hub/../etc/manifests/latest"))
                .startsWith("HTTP/1.1 400").contains("\"code\":\"NAME_INVALID\"");
        assertThat(exchange("GET /v2/hub/%2e%2e/x/manifests/latest"))
                .startsWith("HTTP/1.1 400").contains("\"code\":\"NAME_INVALID\"");
    }

    @Test
    void writesToARemoteAreUnsupported() {
        assertThat(exchange("DELETE /v2/hub/app/manifests/latest"))
                .startsWith("HTTP/1.1 405").contains("\"code\":\"UNSUPPORTED\"");
    }

    @Test
    void localRepositoriesSayTheyAreNotServedYet() {
        assertThat(exchange("GET /v2/images/app/manifests/latest"))
                .startsWith("HTTP/1.1 405").contains("\"code\":\"UNSUPPORTED\"").contains("local");
    }

    @Test
    void upstreamRefusingConnectionsIs502NotA404() {
        assertThat(exchange("GET /v2/hub/app/manifests/latest"))
                .startsWith("HTTP/1.1 502").contains("\"code\":\"UPSTREAM_UNAVAILABLE\"");
        assertThat(exchange("GET /v2/hub/app/blobs/sha256:" + "a".repeat(64)))
                .startsWith("HTTP/1.1 502").contains("\"code\":\"UPSTREAM_UNAVAILABLE\"");
        assertThat(exchange("HEAD /v2/hub/app/blobs/sha256:" + "a".repeat(64))).startsWith("HTTP/1.1 502");
    }

    @Test
    void badDigestIsDigestInvalid() {
        assertThat(exchange("GET /v2/hub/app/blobs/sha256:xyz"))
                .startsWith("HTTP/1.1 400").contains("\"code\":\"DIGEST_INVALID\"");
    }

    /** Sends one request and waits for its complete response. */
    private String exchange(String requestLine) {
        channel.writeInbound(Unpooled.copiedBuffer(requestLine + " HTTP/1.1\r\nHost: x\r\n\r\n", StandardCharsets.US_ASCII));
        StringBuilder out = new StringBuilder();
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).until(() -> {
            channel.runPendingTasks();
            for (Object o; (o = channel.readOutbound()) != null; ) {
                ByteBuf buf = (ByteBuf) o;
                out.append(buf.toString(StandardCharsets.UTF_8));
                buf.release();
            }
            return isComplete(out.toString(), requestLine.startsWith("HEAD"));
        });
        return out.toString();
    }

    private static boolean isComplete(String response, boolean head) {
        int end = response.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        if (head) {
            return true;
        }
        String lower = response.substring(0, end + 2).toLowerCase();
        int at = lower.indexOf("content-length: ");
        int length = Integer.parseInt(lower.substring(at + 16, lower.indexOf("\r\n", at)).trim());
        return response.length() - end - 4 >= length;
    }
}
