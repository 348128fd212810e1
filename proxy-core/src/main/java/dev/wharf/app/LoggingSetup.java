package dev.wharf.app;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AsyncAppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.util.StatusPrinter2;
import dev.wharf.server.AccessLog;
import dev.wharf.storage.DaemonThreadFactory;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;
import org.slf4j.LoggerFactory;

/**
 * Configures Logback in code, so that there is no logback.xml to edit: every logger writes to standard
 * output through an asynchronous appender, so a slow console or pipe never blocks a caller (an event
 * loop, most of the time).
 *
 * <ul>
 *   <li>Application loggers go through an appender of their own ({@value #APP_QUEUE} events queued at
 *   most), the {@code access} logger through another ({@value #ACCESS_QUEUE}), so a flood of access lines
 *   cannot crowd out a warning. Both never block: when full they drop and count
 *   ({@link DroppingAsyncAppender}).</li>
 *   <li>Netty's leak reports ({@code io.netty.util.ResourceLeakDetector}, at ERROR whatever the level)
 *   go through a third, blocking queue of {@value #LEAK_QUEUE}: they are never dropped, since the test
 *   suites scan the output for {@code LEAK:}.</li>
 *   <li>{@code io.netty}, {@code io.lettuce} and {@code org.h2} log at WARN, or at the configured level if it
 *   is stricter; the root logger at the configured level; the access log at INFO (it has its own switch,
 *   {@code -Dwharf.accessLog=false}). Lettuce's reconnection watchdog logs at ERROR only: during a Redis
 *   outage it WARNs every few seconds per connection for as long as the outage lasts, which the coordination
 *   logs once each way instead ({@code RedisCoordination}).</li>
 *   <li>{@link LogFormat#TEXT}: {@code <ISO time in UTC> <LEVEL> <logger> - <message>}, with control
 *   characters escaped ({@link EscapedMessageConverter}); {@link LogFormat#JSON}: one JSON object per line
 *   ({@link EscapingJsonEncoder}), the access log's values as key-value pairs.</li>
 * </ul>
 */
public final class LoggingSetup {
    /** Application events queued at most before they are dropped. */
    public static final int APP_QUEUE = 8192;
    /** Access lines queued at most before they are dropped. */
    public static final int ACCESS_QUEUE = 65_536;
    /** Leak reports queued at most; past this, the reporting thread waits. */
    public static final int LEAK_QUEUE = 1024;
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX, UTC} %level %logger{0} - %msg%n%ex";
    private static final String LEAK_LOGGER = "io.netty.util.ResourceLeakDetector";
    static final String LETTUCE_WATCHDOG = "io.lettuce.core.protocol.ConnectionWatchdog";
    /** How long stopping waits for each queue to drain. */
    private static final int FLUSH_MILLIS = 5000;

    /** How long a written line may wait in its appender's buffer: lines go out in one write per batch. */
    static final Duration LINGER = Duration.ofMillis(5);
    /** Writes the batches of every configuration's appenders; a daemon, for the life of the process. */
    private static final ScheduledExecutorService FLUSHER = Executors.newSingleThreadScheduledExecutor(
            new DaemonThreadFactory("wharf-log-flush"));

    private static volatile Appenders current;

    private LoggingSetup() {
    }

    /** The appenders of one configuration, for their drop counts. */
    record Appenders(DroppingAsyncAppender app, DroppingAsyncAppender access) {
    }

    /**
     * Configures the process's Logback context for standard output; does nothing if SLF4J is bound to
     * another backend (an embedding application's choice).
     */
    public static void configure(LogFormat format, org.slf4j.event.Level level) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            current = configure(context, format, level, System.out);
        }
    }

    /** The configuration before {@link #configure(LogFormat, org.slf4j.event.Level)} is called: text, INFO. */
    static void configureDefault(LoggerContext context) {
        current = configure(context, LogFormat.TEXT, org.slf4j.event.Level.INFO, System.out);
    }

    /** Events dropped so far by the appender of each stream ({@code app}, {@code access}) of the current configuration. */
    public static Map<String, LongSupplier> droppedEvents() {
        return Map.of("app", () -> current == null ? 0 : current.app().dropped(),
                "access", () -> current == null ? 0 : current.access().dropped());
    }

    /** Writes what is queued (each queue gets a few seconds) and stops the appenders; call at exit. */
    public static void stop() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }

    /** Replaces the configuration of {@code context}: its loggers then write to {@code out}, which is never closed. */
    static Appenders configure(LoggerContext context, LogFormat format, org.slf4j.event.Level level, OutputStream out) {
        context.reset();
        Level root = Level.toLevel(level.name());
        Level libraries = root.isGreaterOrEqual(Level.WARN) ? root : Level.WARN;
        DroppingAsyncAppender app = new DroppingAsyncAppender();
        start(context, "app", APP_QUEUE, app, format, out);
        Logger rootLogger = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLogger.setLevel(root);
        rootLogger.addAppender(app);
        context.getLogger("io.netty").setLevel(libraries);
        context.getLogger("org.h2").setLevel(libraries);
        context.getLogger("io.lettuce").setLevel(libraries);
        context.getLogger(LETTUCE_WATCHDOG).setLevel(Level.ERROR);

        DroppingAsyncAppender access = new DroppingAsyncAppender();
        start(context, "access", ACCESS_QUEUE, access, format, out);
        Logger accessLogger = context.getLogger(AccessLog.LOGGER);
        accessLogger.setLevel(Level.INFO);
        accessLogger.setAdditive(false);
        accessLogger.addAppender(access);

        AsyncAppender leaks = new AsyncAppender();
        leaks.setNeverBlock(false);
        leaks.setDiscardingThreshold(0);
        start(context, "leaks", LEAK_QUEUE, leaks, format, out);
        Logger leakLogger = context.getLogger(LEAK_LOGGER);
        leakLogger.setLevel(Level.ERROR);
        leakLogger.setAdditive(false);
        leakLogger.addAppender(leaks);

        new StatusPrinter2().printInCaseOfErrorsOrWarnings(context);
        return new Appenders(app, access);
    }

    /** Starts {@code appender} writing to {@code out} in batches, at most {@link #LINGER} after each event. */
    private static void start(LoggerContext context, String name, int queue, AsyncAppenderBase<ILoggingEvent> appender,
                              LogFormat format, OutputStream out) {
        OutputStream batched = new BatchingOutputStream(out, FLUSHER, LINGER);
        OutputStreamAppender<ILoggingEvent> output = output(context, name + "-out", format, batched);
        appender.setContext(context);
        appender.setName(name);
        appender.setQueueSize(queue);
        appender.setMaxFlushTime(FLUSH_MILLIS);
        appender.addAppender(output);
        appender.start();
    }

    private static OutputStreamAppender<ILoggingEvent> output(LoggerContext context, String name, LogFormat format,
                                                              OutputStream out) {
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setEncoder(encoder(context, format));
        appender.setOutputStream(out);
        appender.start();
        return appender;
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, LogFormat format) {
        if (format == LogFormat.JSON) {
            JsonEncoder json = new EscapingJsonEncoder();
            json.setContext(context);
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithContext(false);
            json.setWithMDC(false);
            json.setWithMessage(false);
            json.setWithArguments(false);
            json.setWithFormattedMessage(true);
            json.start();
            return json;
        }
        TextLineEncoder lines = new TextLineEncoder(patternEncoder(context));
        lines.setContext(context);
        lines.start();
        return lines;
    }

    /** {@link #PATTERN} through Logback's layout: what {@link TextLineEncoder} writes, and what it hands events with a throwable to. */
    static LayoutWrappingEncoder<ILoggingEvent> patternEncoder(LoggerContext context) {
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.getInstanceConverterMap().put("msg", EscapedMessageConverter::new);
        layout.getInstanceConverterMap().put("ex", EscapedThrowableConverter::new);
        layout.setPattern(PATTERN);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        return encoder;
    }
}
