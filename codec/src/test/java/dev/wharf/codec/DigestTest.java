package dev.wharf.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DigestTest {
    private static final String HELLO_HEX = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    @Test
    void parsesAndPrintsTheWireForm() {
        Digest digest = Digest.parse("sha256:" + HELLO_HEX);

        assertThat(digest.hex()).isEqualTo(HELLO_HEX);
        assertThat(digest).hasToString("sha256:" + HELLO_HEX);
        assertThat(digest).isEqualTo(new Digest(HELLO_HEX));
        assertThat(Digest.isValid("sha256:" + HELLO_HEX)).isTrue();
    }

    @Test
    void wrapsTheSha256OfContent() throws Exception {
        byte[] sha = MessageDigest.getInstance("SHA-256").digest("hello".getBytes(StandardCharsets.US_ASCII));

        assertThat(Digest.ofBytes(sha)).hasToString("sha256:" + HELLO_HEX);
    }

    @Test
    void hashesBytesWhole() {
        assertThat(Digest.sha256Of("hello".getBytes(StandardCharsets.US_ASCII))).hasToString("sha256:" + HELLO_HEX);
        assertThat(Digest.sha256Of(new byte[0]))
                .hasToString("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "sha256:",
        ":" + HELLO_HEX,
        HELLO_HEX,
        "sha256" + HELLO_HEX,
        "sha256:" + "2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824",
        "SHA256:" + HELLO_HEX,
        "sha256:" + HELLO_HEX + "0",
        "sha256:" + "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b982",
        "sha512:" + HELLO_HEX + HELLO_HEX,
        "sha384:" + HELLO_HEX,
        "md5:5d41402abc4b2a76b9719d911017c592",
        "sha256:" + "g" + "cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
        " sha256:" + HELLO_HEX,
        "sha256:" + HELLO_HEX + " ",
        "sha256:" + HELLO_HEX + "\n",
        "sha256::" + HELLO_HEX,
        "sha256:\u0662cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
        "sha256:../../../../../../../../../../../../../../../../../../../etc/passwd",
    })
    void rejectsAnythingButSha256WithLowercaseHex(String text) {
        assertThat(Digest.isValid(text)).isFalse();
        assertThatThrownBy(() -> Digest.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("(expected: sha256:<64 hex>)");
    }

    @Test
    void rejectsBadHexInTheConstructor() {
        assertThatThrownBy(() -> new Digest(HELLO_HEX.toUpperCase()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: 64 lowercase hex characters");
        assertThatThrownBy(() -> new Digest("abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Digest(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void rejectsRawValuesOfTheWrongLength() {
        assertThatThrownBy(() -> Digest.ofBytes(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sha256 length: 31 (expected: 32)");
        assertThatThrownBy(() -> Digest.ofBytes(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void nullIsNotValidAndCannotBeParsed() {
        assertThat(Digest.isValid(null)).isFalse();
        assertThatThrownBy(() -> Digest.parse(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void errorMessagesDoNotEchoControlCharacters() {
        assertThatThrownBy(() -> Digest.parse("sha256:abc\r\nX-Injected: 1"))
                .hasMessage("digest: sha256:abc\\u000d\\u000aX-Injected: 1 (expected: sha256:<64 hex>)");
    }

    @Test
    void errorMessagesAbbreviateHugeInput() {
        String huge = "sha256:" + "a".repeat(100_000);

        assertThatThrownBy(() -> Digest.parse(huge)).satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(150));
    }
}
