package dev.wharf.codec.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.codec.ContentDigest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MavenChecksumTest {
    private static final String SHA1 = "a9993e364706816aba3e25717850c26c9cd0d89d";

    @Test
    void readsTheFormsRepositoriesWrite() {
        for (String body : new String[] {SHA1, SHA1 + "\n", SHA1.toUpperCase() + "  lib-1.0.jar\n", "SHA1 (lib-1.0.jar) = " + SHA1}) {
            assertThat(MavenChecksum.parse(ContentDigest.Algorithm.SHA1, bytes(body)))
                    .as(body).contains(new ContentDigest(ContentDigest.Algorithm.SHA1, SHA1));
        }
    }

    @Test
    void refusesWhatIsNotADigestOfThatAlgorithm() {
        assertThat(MavenChecksum.parse(ContentDigest.Algorithm.SHA1, bytes("<html>404</html>"))).isEmpty();
        assertThat(MavenChecksum.parse(ContentDigest.Algorithm.SHA256, bytes(SHA1))).isEmpty();
        assertThat(MavenChecksum.parse(ContentDigest.Algorithm.SHA1, new byte[MavenChecksum.MAX_BYTES + 1])).isEmpty();
        assertThatThrownBy(() -> MavenChecksum.require(ContentDigest.Algorithm.MD5, bytes("nope")))
                .hasMessageContaining("not a md5 checksum").hasMessageContaining("32 hex characters");
    }

    @Test
    void computesAndRendersTheBareHex() {
        ContentDigest sha1 = MavenChecksum.of(ContentDigest.Algorithm.SHA1, bytes("abc"));
        assertThat(sha1.hex()).isEqualTo(SHA1);
        assertThat(new String(MavenChecksum.render(sha1), StandardCharsets.US_ASCII)).isEqualTo(SHA1);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
