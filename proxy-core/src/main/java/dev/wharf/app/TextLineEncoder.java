package dev.wharf.app;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The text format of {@link LoggingSetup#PATTERN}, written out by hand for the access log: byte for byte
 * what the pattern layout writes, at a fraction of its cost per line (the access log writes a line per
 * request, and on a small machine the pattern's converters competed with the event loops for a core).
 * An event carrying a throwable is handed to {@code withThrowable}, the pattern's own encoder. Used by one
 * appender thread at a time.
 */
final class TextLineEncoder extends EncoderBase<ILoggingEvent> {
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.")
            .withZone(ZoneOffset.UTC);

    private final Encoder<ILoggingEvent> withThrowable;
    private long cachedSecond = Long.MIN_VALUE;
    private String secondPrefix;

    TextLineEncoder(Encoder<ILoggingEvent> withThrowable) {
        this.withThrowable = withThrowable;
    }

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        if (event.getThrowableProxy() != null) {
            return withThrowable.encode(event);
        }
        String message = EscapedMessageConverter.escape(event.getFormattedMessage());
        StringBuilder line = new StringBuilder(64 + (message == null ? 4 : message.length()));
        appendTime(line, event.getTimeStamp());
        line.append(' ').append(event.getLevel()).append(' ');
        String logger = event.getLoggerName();
        line.append(logger, logger.lastIndexOf('.') + 1, logger.length()).append(" - ").append(message).append(CoreConstants.LINE_SEPARATOR);
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    /** {@code yyyy-MM-dd'T'HH:mm:ss.SSS} and {@code Z}, UTC; the part up to the second is formatted once a second. */
    private void appendTime(StringBuilder line, long millis) {
        long second = Math.floorDiv(millis, 1000);
        if (second != cachedSecond) {
            secondPrefix = SECOND.format(Instant.ofEpochSecond(second));
            cachedSecond = second;
        }
        int ms = (int) Math.floorMod(millis, 1000);
        line.append(secondPrefix).append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10))
                .append((char) ('0' + ms % 10)).append('Z');
    }
}
