package dev.wharf.storage.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.codec.Digest;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CachedEntryTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:15:30Z");
    private static final Digest DIGEST = Digest.parse("sha256:" + "ab".repeat(32));

    @Test
    void valuesAtTheLimitsAreAccepted() {
        assertThatCode(() -> entry("r".repeat(CachedEntry.MAX_REPO_KEY_LENGTH), "p".repeat(CachedEntry.MAX_PATH_LENGTH),
                "v".repeat(CachedEntry.MAX_VARIANT_LENGTH), "m".repeat(CachedEntry.MAX_MEDIA_TYPE_LENGTH),
                "e".repeat(CachedEntry.MAX_ETAG_LENGTH), "l".repeat(CachedEntry.MAX_LAST_MODIFIED_LENGTH)))
                .doesNotThrowAnyException();
    }

    @Test
    void eachValueOverItsLimitIsRefusedNamingIt() {
        assertThatThrownBy(() -> entry("r".repeat(65), "p", "", null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("repoKey: 65 characters");
        assertThatThrownBy(() -> entry("r", "p".repeat(4097), "", null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("path: 4097 characters")
                .hasMessageEndingWith("(expected: at most 4096)");
        assertThatThrownBy(() -> entry("r", "p", "v".repeat(256), null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("variant: 256 characters");
        assertThatThrownBy(() -> entry("r", "p", "", "application/" + "x".repeat(1013), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mediaType: 1025 characters, application/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                        + "xxxxxxxxxxxxxxxxxxxxxx... (expected: at most 1024)");
        assertThatThrownBy(() -> entry("r", "p", "", null, "e".repeat(1025), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("etag: 1025 characters");
        assertThatThrownBy(() -> entry("r", "p", "", null, null, "l".repeat(129)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("lastModified: 129 characters");
    }

    @Test
    void aNulCharacterIsRefused() {
        assertThatThrownBy(() -> entry("r", "a\0b", "", null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("path: a\\u0000b (expected: no NUL character)");
        assertThatThrownBy(() -> entry("r", "p", "", null, "\"\0\"", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("etag: ");
    }

    @Test
    void anUnpairedSurrogateIsRefused() {
        assertThatThrownBy(() -> entry("r", "a\uD800b", "", null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("path: a\\ud800b (expected: surrogates only in pairs)");
        assertThatThrownBy(() -> entry("r", "p", "\uDE00", null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("variant: ");
        assertThatThrownBy(() -> entry("r", "p", "", "x\uD83D", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("mediaType: ");
    }

    @Test
    void pairedSurrogatesAreStorable() {
        assertThat(CachedEntry.isStorable("pkg/\uD83D\uDE00/\uD800\uDC00")).isTrue();
        assertThat(CachedEntry.isStorable("")).isTrue();
        assertThat(CachedEntry.isStorable("\uDC00\uD800")).as("a pair in the wrong order").isFalse();
        assertThat(CachedEntry.isStorable("\0")).isFalse();
    }

    @Test
    void theShortConstructorIsVariantEmpty() {
        CachedEntry entry = new CachedEntry("r", "p", DIGEST, 1, null, null, null, T0, T0);

        assertThat(entry.variant()).isEmpty();
        assertThat(entry).isEqualTo(entry("r", "p", "", null, null, null));
    }

    private static CachedEntry entry(String repoKey, String path, String variant, String mediaType, String etag,
                                     String lastModified) {
        return new CachedEntry(repoKey, path, variant, DIGEST, 1, mediaType, etag, lastModified, T0, T0);
    }
}
