package dev.wharf.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTest {

    @Test
    void keepsPrintableAscii() {
        assertThat(Printable.of("library/ubuntu:22.04 \"x\" \\ ~")).isEqualTo("library/ubuntu:22.04 \"x\" \\ ~");
    }

    @Test
    void escapesControlAndNonAsciiCharacters() {
        assertThat(Printable.of("a\nb\u0000c\u007fd\u00e9\ud83d\ude00"))
                .isEqualTo("a\\u000ab\\u0000c\\u007fd\\u00e9\\ud83d\\ude00");
    }

    @Test
    void cutsLongTextToEightyCharacters() {
        String out = Printable.of("x".repeat(81));

        assertThat(out).hasSize(80).endsWith("x...");
        assertThat(Printable.of("x".repeat(80))).isEqualTo("x".repeat(80));
    }

    @Test
    void neverCutsInsideAnEscape() {
        String out = Printable.of("\n".repeat(50));

        assertThat(out).endsWith("...").hasSizeLessThanOrEqualTo(80);
        assertThat(out.substring(0, out.length() - 3)).matches("(\\\\u000a)+");
    }

    @Test
    void rendersNull() {
        assertThat(Printable.of(null)).isEqualTo("null");
    }
}
