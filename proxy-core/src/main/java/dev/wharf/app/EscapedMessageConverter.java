package dev.wharf.app;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The text layout's {@code %msg}: the formatted message with control characters escaped, so that a URI
 * or header value from a client can neither forge a line (CR, LF) nor drive the terminal of whoever reads
 * the log (ANSI escapes). C0 controls (U+0000 to U+001F), DEL (U+007F) and C1 controls (U+0080 to
 * U+009F) become {@code \xNN} with two upper-case hex digits; a backslash becomes {@code \\}, so an
 * escape in the output can always be told from the same characters in the input.
 */
public final class EscapedMessageConverter extends ClassicConverter {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    @Override
    public String convert(ILoggingEvent event) {
        return escape(event.getFormattedMessage());
    }

    /** The text with control characters and backslashes escaped; the same instance when there are none. */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        int i = 0;
        while (i < text.length() && !needsEscape(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (needsEscape(c)) {
                out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\\';
    }
}
