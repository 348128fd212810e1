package dev.wharf.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written text encoder writes, byte for byte, what the pattern layout it replaces writes. */
class TextLineEncoderTest {
    private static final String[] LOGGERS = {"access", "dev.wharf.app.WharfServer", "io.netty.util.ResourceLeakDetector", "x"};
    private static final String CHARS = "aZ9 /:.%{}\\\u0000\u001b\n\r\t\u007f\u0085\u009b\u00e9\u20ac\ud83d\ude00";

    private final LoggerContext context = new LoggerContext();
    private final LayoutWrappingEncoder<ILoggingEvent> pattern = LoggingSetup.patternEncoder(context);
    private final TextLineEncoder encoder = new TextLineEncoder(pattern);

    @Test
    void randomEventsEncodeExactlyAsThePatternDoes() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            LoggingEvent event = event(random);
            assertThat(text(encoder.encode(event))).as("seed %d", seed).isEqualTo(text(pattern.encode(event)));
        }
    }

    @Test
    void anEventWithAThrowableIsWrittenByThePatternWithItsStackTrace() {
        LoggingEvent event = new LoggingEvent("fqcn", context.getLogger("dev.wharf.X"), Level.ERROR, "failed",
                new IllegalStateException("boom"), null);
        event.setTimeStamp(1_700_000_000_123L);
        String line = text(encoder.encode(event));
        assertThat(line).isEqualTo(text(pattern.encode(event))).contains("ERROR X - failed", "IllegalStateException: boom");
    }

    private LoggingEvent event(Random random) {
        StringBuilder message = new StringBuilder();
        for (int n = random.nextInt(40); n > 0; n--) {
            message.append(CHARS.charAt(random.nextInt(CHARS.length())));
        }
        Level level = new Level[] {Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR}[random.nextInt(5)];
        LoggingEvent event = new LoggingEvent("fqcn", context.getLogger(LOGGERS[random.nextInt(LOGGERS.length)]), level,
                message.toString(), null, null);
        // Times around now, either side of second boundaries, and before 1970.
        long millis = random.nextInt(10) == 0 ? -random.nextInt(1_000_000) : 1_764_000_000_000L + random.nextInt(5_000);
        event.setTimeStamp(millis);
        return event;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
