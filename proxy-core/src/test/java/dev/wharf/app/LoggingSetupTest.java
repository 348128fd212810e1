package dev.wharf.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** Logback as {@link LoggingSetup} configures it, on a context of the test's own writing to a buffer. */
class LoggingSetupTest {
    private static final String HOSTILE = "GET /v2/\u001b[31mred\u0000\u007f\u009b\r\nforged line \\x1B";
    private final LoggerContext context = newContext();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @AfterEach
    void tearDown() {
        context.stop();
    }

    private static LoggerContext newContext() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        return context;
    }

    private String written() {
        context.stop(); // drains the queues
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void textLinesHoldTimeLevelShortLoggerNameAndMessage() {
        LoggingSetup.configure(context, LogFormat.TEXT, Level.INFO, out);
        context.getLogger("dev.wharf.app.WharfServer").info("listening on {}", 8080);
        context.getLogger("access").info("127.0.0.1 GET /v2/ 200 0B 0.123ms none");

        assertThat(written().lines().toList()).satisfiesExactlyInAnyOrder(
                line -> assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO WharfServer - listening on 8080"),
                line -> assertThat(line).matches("\\S+Z INFO access - 127\\.0\\.0\\.1 GET /v2/ 200 0B 0\\.123ms none"));
    }

    @Test
    void controlCharactersAreEscapedInEveryTextLine() {
        LoggingSetup.configure(context, LogFormat.TEXT, Level.INFO, out);
        context.getLogger("access").info(HOSTILE);
        context.getLogger("dev.wharf.server.RouterHandler").warn("bad header {}", HOSTILE,
                new IllegalArgumentException("cause: " + HOSTILE));

        String text = written();
        String escaped = "GET /v2/\\x1B[31mred\\x00\\x7F\\x9B\\x0D\\x0Aforged line \\\\x1B";
        assertThat(text).contains("INFO access - " + escaped + "\n")
                .contains("WARN RouterHandler - bad header " + escaped + "\n")
                .contains("java.lang.IllegalArgumentException: cause: " + escaped + "\n");
        // Only the layout's own line breaks and the stack trace's indentation are left.
        assertThat(text.chars().filter(c -> (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7F && c <= 0x9F))).isEmpty();
        assertThat(text.lines().filter(line -> line.contains("forged line"))).hasSize(3);
    }

    @Test
    void jsonIsOneEscapedObjectPerLineWithTheAccessValuesAsFields() throws IOException {
        LoggingSetup.configure(context, LogFormat.JSON, Level.INFO, out);
        context.getLogger("access").atInfo().addKeyValue("uri", HOSTILE).addKeyValue("status", 200).log(HOSTILE);
        context.getLogger("dev.wharf.app.WharfServer").error("failed: {}", HOSTILE, new IllegalStateException(HOSTILE));

        String json = written();
        assertThat(json.chars().filter(c -> c < 0x20 && c != '\n')).isEmpty();
        assertThat(json.chars().filter(c -> c >= 0x7F && c <= 0x9F)).isEmpty();
        List<String> lines = json.lines().toList();
        assertThat(lines).hasSize(2);
        ObjectMapper mapper = new ObjectMapper();
        JsonNode access = mapper.readTree(lines.stream().filter(l -> l.contains("\"access\"")).findFirst().orElseThrow());
        assertThat(access.get("level").asText()).isEqualTo("INFO");
        assertThat(access.get("loggerName").asText()).isEqualTo("access");
        assertThat(access.get("formattedMessage").asText()).isEqualTo(HOSTILE);
        assertThat(access.get("kvpList").toString()).contains("{\"status\":\"200\"}");
        assertThat(access.get("kvpList").get(0).get("uri").asText()).isEqualTo(HOSTILE);
        JsonNode error = mapper.readTree(lines.stream().filter(l -> l.contains("WharfServer")).findFirst().orElseThrow());
        assertThat(error.get("formattedMessage").asText()).isEqualTo("failed: " + HOSTILE);
        assertThat(error.get("throwable").get("message").asText()).isEqualTo(HOSTILE);
    }

    @Test
    void librariesStayAtWarnAndLeakReportsAtErrorWhateverTheLevel() {
        LoggingSetup.configure(context, LogFormat.TEXT, Level.DEBUG, out);
        context.getLogger("dev.wharf.cache.Fill").debug("app debug");
        context.getLogger("io.netty.channel.Foo").info("netty info");
        context.getLogger("io.netty.channel.Foo").warn("netty warn");
        context.getLogger("org.h2.Bar").info("h2 info");
        context.getLogger("io.lettuce.core.protocol.ReconnectionHandler").info("lettuce info");
        context.getLogger("io.lettuce.core.protocol.CommandHandler").warn("lettuce warn");
        context.getLogger(LoggingSetup.LETTUCE_WATCHDOG).warn("Cannot reconnect to [127.0.0.1:6379]");
        context.getLogger(LoggingSetup.LETTUCE_WATCHDOG).error("watchdog error");
        context.getLogger("io.netty.util.ResourceLeakDetector").error("LEAK: ByteBuf.release() was not called");
        String debug = written();
        assertThat(debug).contains("app debug", "netty warn", "lettuce warn", "watchdog error", "LEAK: ByteBuf.release()")
                .doesNotContain("netty info", "h2 info", "lettuce info", "Cannot reconnect");

        ByteArrayOutputStream strict = new ByteArrayOutputStream();
        LoggerContext errorOnly = newContext();
        LoggingSetup.configure(errorOnly, LogFormat.TEXT, Level.ERROR, strict);
        errorOnly.getLogger("dev.wharf.cache.Fill").warn("app warn");
        errorOnly.getLogger("io.netty.channel.Foo").warn("netty warn");
        errorOnly.getLogger("access").info("127.0.0.1 GET / 200 0B 0.001ms none");
        errorOnly.getLogger("io.netty.util.ResourceLeakDetector").error("LEAK: again");
        errorOnly.stop();
        assertThat(strict.toString(StandardCharsets.UTF_8)).contains("LEAK: again", "INFO access -")
                .doesNotContain("app warn", "netty warn");
    }

    @Test
    void aBlockedOutputNeverBlocksTheCallerAndTheDropsAreCountedAndReported() throws Exception {
        BlockingStream blocked = new BlockingStream(out);
        LoggingSetup.Appenders appenders = LoggingSetup.configure(context, LogFormat.TEXT, Level.INFO, blocked);
        Logger app = context.getLogger("dev.wharf.cache.Fill");
        Logger access = context.getLogger("access");
        int events = 2 * LoggingSetup.APP_QUEUE + 1000;

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int i = 0; i < events; i++) {
                app.info("event {}", i);
            }
            for (int i = 0; i < 2 * LoggingSetup.ACCESS_QUEUE + 10; i++) {
                access.info("access {}", i);
            }
        });
        context.getLogger("io.netty.util.ResourceLeakDetector").error("LEAK: reported while the output was blocked");
        assertThat(blocked.entered.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        long dropped = appenders.app().dropped();
        // The worker holds at most one batch out of the queue, so at least events - 2 x queue were dropped.
        assertThat(dropped).isGreaterThanOrEqualTo(events - 2L * LoggingSetup.APP_QUEUE);
        assertThat(appenders.access().dropped()).isPositive();

        blocked.release.countDown();
        awaitEmptyQueues(appenders);
        app.info("after the jam");
        String text = written();
        assertThat(text).contains("WARN LoggingSetup - " + dropped + " log events dropped by appender app: the output is too slow");
        assertThat(text).contains("LEAK: reported while the output was blocked");
        assertThat(text.indexOf("log events dropped by appender app")).isLessThan(text.indexOf("after the jam"));
        long written = text.lines().filter(line -> line.contains(" - event ")).count();
        assertThat(written + dropped).isEqualTo(events);
    }

    @Test
    void logbackStartsWithWharfsConfigurationWithoutAnyFile() {
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getAppender("app")).isInstanceOf(DroppingAsyncAppender.class);
        assertThat(((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("access").getAppender("access"))
                .isInstanceOf(DroppingAsyncAppender.class);
    }

    @Test
    void formatsParseIgnoringCaseAndRejectOthersClearly() {
        assertThat(LogFormat.parse("JSON")).isEqualTo(LogFormat.JSON);
        assertThat(LogFormat.parse("text")).isEqualTo(LogFormat.TEXT);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LogFormat.parse("yaml"))
                .hasMessage("logging.format: yaml (expected: text or json)");
    }

    private static void awaitEmptyQueues(LoggingSetup.Appenders appenders) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while ((appenders.app().getNumberOfElementsInQueue() > 0 || appenders.access().getNumberOfElementsInQueue() > 0)
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** Blocks every write until released, as a stalled terminal or pipe does. */
    private static final class BlockingStream extends OutputStream {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final OutputStream out;

        BlockingStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            entered.countDown();
            // Once released, write even if interrupted: stopping the appender interrupts its worker.
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            out.write(b, off, len);
        }
    }
}
