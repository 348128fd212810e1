package dev.wharf.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.wharf.config.ConfigLoader;
import dev.wharf.storage.testing.RedisServerProcess;
import dev.wharf.testing.FakeRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Redis stopped under a running replica: every request still succeeds (fills coordinate in-process),
 * {@code /health/ready} stays ready and says it is degraded, the metrics show the outage, and all of it
 * clears once Redis is back. The outage is logged once each way, and lettuce's reconnection attempts, which
 * go on for as long as Redis is down, are not logged at all.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CoordinationOutageTest {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aReplicaKeepsServingWhileRedisIsDown() throws Exception {
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        try (RedisServerProcess redis = RedisServerProcess.onFreePort().start(); FakeRegistry upstream = FakeRegistry.start()) {
            WharfServer server = start(redis.url(), upstream.url());
            try {
                assertThat(get(server, "/v2/up/lib/app/blobs/" + blob(upstream, 1)).statusCode()).isEqualTo(200);
                assertThat(get(server, "/health/ready").body()).isEqualTo("ready\n");

                redis.kill();
                for (int i = 2; i < 12; i++) {
                    HttpResponse<String> miss = get(server, "/v2/up/lib/app/blobs/" + blob(upstream, i));
                    assertThat(miss.statusCode()).as("miss %d with Redis down", i).isEqualTo(200);
                }
                HttpResponse<String> health = get(server, "/health/ready");
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).contains("degraded: coordination: Redis is unreachable");
                assertThat(get(server, "/metrics").body()).contains("wharf_coordination_available 0.0")
                        .containsPattern("wharf_coordination_outages_total [1-9]");

                redis.start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!get(server, "/health/ready").body().equals("ready\n") && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(get(server, "/health/ready").body()).as("ready, no longer degraded").isEqualTo("ready\n");
                assertThat(get(server, "/v2/up/lib/app/blobs/" + blob(upstream, 12)).statusCode()).isEqualTo(200);
            } finally {
                server.stop();
            }
        } finally {
            root.detachAppender(logged);
        }
        List<ILoggingEvent> events = List.copyOf(logged.list);
        List<String> coordination = events.stream().filter(event -> event.getLoggerName().endsWith(".RedisCoordination"))
                .map(event -> event.getLevel() + " " + event.getFormattedMessage()).toList();
        // Killed, Redis refuses the reconnection; a call made before that attempt only finds the connection lost.
        assertThat(coordination).as("the outage, logged once each way").satisfiesExactly(
                warn -> assertThat(warn).startsWith("WARN ").contains(" is unreachable (")
                        .containsAnyOf("Connection refused", "Currently not connected"),
                info -> assertThat(info).startsWith("INFO ").contains(" answers again after "));
        assertThat(events.stream().filter(event -> event.getLoggerName().startsWith("io.lettuce")
                && !event.getLevel().isGreaterOrEqual(Level.ERROR)).map(ILoggingEvent::getFormattedMessage))
                .as("lettuce's reconnection chatter").isEmpty();
    }

    private WharfServer start(String redisUrl, String upstreamUrl) throws Exception {
        String yaml = """
                server: { port: 0, bindAddress: 127.0.0.1 }
                storage:
                  blobs: { type: filesystem, path: "%s" }
                  metadata: { type: embedded, path: "%s" }
                  coordination: { type: redis, url: "%s" }
                cache: { spoolPath: "%s" }
                repositories:
                  - { key: up, format: docker, type: remote, url: "%s" }
                """.formatted(dir.resolve("blobs"), dir.resolve("meta"), redisUrl, dir.resolve("spool"), upstreamUrl);
        Path config = Files.writeString(dir.resolve("wharf.yaml"), yaml);
        return WharfServer.start(ConfigLoader.load(config, Map.of(), new BuiltInFormats()));
    }

    private static String blob(FakeRegistry upstream, int seed) {
        byte[] content = new byte[64 * 1024];
        new Random(seed).nextBytes(content);
        return upstream.blob(content).toString();
    }

    private HttpResponse<String> get(WharfServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
