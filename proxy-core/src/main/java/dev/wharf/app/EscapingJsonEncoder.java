package dev.wharf.app;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.io.ByteArrayOutputStream;

/**
 * Logback's {@link JsonEncoder}, whose strings already escape C0 controls as <code>&#92;u00NN</code>, with DEL
 * and the C1 controls escaped too: JSON allows them raw, but a terminal showing the log may act on them.
 * Works on the encoded UTF-8 bytes: DEL is the byte 0x7F and a C1 control the pair 0xC2 0x80..0x9F,
 * which only ever occur inside JSON strings, where a <code>&#92;u00NN</code> escape means the same character.
 */
public final class EscapingJsonEncoder extends JsonEncoder {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @Override
    public byte[] encode(ILoggingEvent event) {
        return escapeControls(super.encode(event));
    }

    static byte[] escapeControls(byte[] utf8) {
        int i = 0;
        while (i < utf8.length && !isControlAt(utf8, i)) {
            i++;
        }
        if (i == utf8.length) {
            return utf8;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(utf8.length + 32);
        out.write(utf8, 0, i);
        for (; i < utf8.length; i++) {
            if (utf8[i] == 0x7F) {
                writeEscape(out, 0x7F);
            } else if (isControlAt(utf8, i)) {
                writeEscape(out, utf8[i + 1] & 0xFF);
                i++;
            } else {
                out.write(utf8[i]);
            }
        }
        return out.toByteArray();
    }

    private static boolean isControlAt(byte[] utf8, int i) {
        return utf8[i] == 0x7F
                || (utf8[i] == (byte) 0xC2 && i + 1 < utf8.length && (utf8[i + 1] & 0xFF) >= 0x80 && (utf8[i + 1] & 0xFF) <= 0x9F);
    }

    private static void writeEscape(ByteArrayOutputStream out, int c) {
        out.write('\\');
        out.write('u');
        out.write('0');
        out.write('0');
        out.write(HEX[c >> 4]);
        out.write(HEX[c & 0xF]);
    }
}
