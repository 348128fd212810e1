package dev.wharf.codec.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeaderValuesTest {
    @Test
    void visibleAsciiWithinTheLimitIsSafe() {
        assertThat(HeaderValues.isSafe("application/vnd.oci.image.index.v1+json; charset=utf-8", 1024)).isTrue();
        assertThat(HeaderValues.isSafe("a\tb", 10)).isTrue();
    }

    @Test
    void controlCharactersLengthAndNullAreNot() {
        assertThat(HeaderValues.isSafe("text/plain\r\nX-Evil: 1", 1024)).isFalse();
        assertThat(HeaderValues.isSafe("a\u0000b", 1024)).isFalse();
        assertThat(HeaderValues.isSafe("caf\u00e9", 1024)).isFalse();
        assertThat(HeaderValues.isSafe("x".repeat(1025), 1024)).isFalse();
        assertThat(HeaderValues.isSafe(null, 1024)).isFalse();
    }
}
