package dev.wharf.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonStringsTest {

    @Test
    void quotesPlainText() {
        assertThat(JsonStrings.quote("manifest unknown")).isEqualTo("\"manifest unknown\"");
        assertThat(JsonStrings.quote("")).isEqualTo("\"\"");
    }

    @Test
    void escapesQuotesAndBackslashes() {
        assertThat(JsonStrings.quote("say \"hi\" \\o/")).isEqualTo("\"say \\\"hi\\\" \\\\o/\"");
    }

    @Test
    void escapesEveryControlCharacter() {
        assertThat(JsonStrings.quote("\b\f\n\r\t")).isEqualTo("\"\\b\\f\\n\\r\\t\"");
        assertThat(JsonStrings.quote("\u0000\u0001\u001f\u007f")).isEqualTo("\"\\u0000\\u0001\\u001f\\u007f\"");
    }

    @Test
    void writesNonAsciiAsEscapes() {
        assertThat(JsonStrings.quote("caf\u00e9 \u2028 \ud83d\udc33")).isEqualTo("\"caf\\u00e9 \\u2028 \\ud83d\\udc33\"");
    }

    @Test
    void keepsLoneSurrogatesRepresentable() {
        assertThat(JsonStrings.quote("\ud800x")).isEqualTo("\"\\ud800x\"");
    }

    @Test
    void escapesMarkup() {
        assertThat(JsonStrings.quote("</script><b>&")).isEqualTo("\"\\u003c/script\\u003e\\u003cb\\u003e\\u0026\"");
    }

    @Test
    void anyStringRoundTripsAsAsciiJson() {
        long seed = Seeds.seed();
        Random random = new Random(seed);
        for (int i = 0; i < 10_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(20);
            for (int j = 0; j < length; j++) {
                text.append(random.nextBoolean() ? (char) random.nextInt(0x80) : (char) random.nextInt(0x10000));
            }
            String input = text.toString();
            String quoted = JsonStrings.quote(input);

            assertThat(quoted.chars().allMatch(c -> c >= 0x20 && c < 0x7f))
                    .as("seed %d: %s is printable ASCII", seed, quoted).isTrue();
            assertThat(decode(quoted)).as("seed %d: decode(%s)", seed, quoted).isEqualTo(input);
        }
    }

    /** A strict JSON string-literal reader (RFC 8259 section 7), independent of the writer under test. */
    private static String decode(String literal) {
        assertThat(literal).startsWith("\"").endsWith("\"").hasSizeGreaterThanOrEqualTo(2);
        StringBuilder out = new StringBuilder();
        int i = 1;
        int end = literal.length() - 1;
        while (i < end) {
            char c = literal.charAt(i++);
            assertThat(c).as("raw character in literal").isGreaterThanOrEqualTo(' ').isNotEqualTo('"');
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char escape = literal.charAt(i++);
            switch (escape) {
                case '"', '\\', '/' -> out.append(escape);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append((char) Integer.parseInt(literal.substring(i, i + 4), 16));
                    i += 4;
                }
                default -> throw new AssertionError("bad escape \\" + escape + " in " + literal);
            }
        }
        return out.toString();
    }
}
