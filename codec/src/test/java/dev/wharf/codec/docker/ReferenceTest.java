package dev.wharf.codec.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.codec.Digest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReferenceTest {
    static final String DIGEST = "sha256:" + "ab".repeat(32);

    static Stream<String> validTags() {
        return Stream.of("latest", "22.04", "v1.2.3-rc.1", "_", "_x", "A", "UPPER_case", "1", "x".repeat(128));
    }

    static Stream<String> invalidTags() {
        return Stream.of("", ".", "..", ".x", "-x", "a/b", "a b", "a+b", "a@b", "caf\u00e9", "a\n", "a%2e",
                "x".repeat(129));
    }

    @ParameterizedTest
    @MethodSource("validTags")
    void parsesTags(String text) {
        Reference reference = Reference.parse(text);

        assertThat(reference).isEqualTo(new Reference.Tag(text)).hasToString(text);
        assertThat(Reference.Tag.isValid(text)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("invalidTags")
    void rejectsBadTags(String text) {
        assertThat(Reference.Tag.isValid(text)).isFalse();
        assertThatThrownBy(() -> Reference.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("(expected: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127})");
    }

    @Test
    void parsesDigests() {
        Reference reference = Reference.parse(DIGEST);

        assertThat(reference).isEqualTo(new Reference.DigestRef(Digest.parse(DIGEST))).hasToString(DIGEST);
    }

    @Test
    void anythingWithAColonMustBeADigest() {
        for (String text : new String[] {"latest:", ":latest", "sha256:abc", "sha512:" + "ab".repeat(64),
            "SHA256:" + "ab".repeat(32), "sha256:" + "AB".repeat(32)}) {
            assertThatThrownBy(() -> Reference.parse(text))
                    .as(text)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageEndingWith("(expected: sha256:<64 hex>)");
        }
    }

    @Test
    void rejectsNull() {
        assertThat(Reference.Tag.isValid(null)).isFalse();
        assertThatThrownBy(() -> Reference.parse(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Reference.DigestRef(null)).isInstanceOf(NullPointerException.class);
    }
}
