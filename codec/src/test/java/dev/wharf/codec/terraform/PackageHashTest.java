package dev.wharf.codec.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code h1:} against Go's dirhash Hash1 written out here by hand; {@code zh:}. */
class PackageHashTest {
    @Test
    void h1IsTheSha256OfTheSortedSummaryLines() throws Exception {
        byte[] a = "alpha\n".getBytes(StandardCharsets.UTF_8);
        byte[] b = "beta\n".getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("z/b.txt", sha(b));
        files.put("a.txt", sha(a));
        String summary = hex(sha(a)) + "  a.txt\n" + hex(sha(b)) + "  z/b.txt\n";
        assertThat(PackageHash.h1(files)).isEqualTo("h1:" + Base64.getEncoder().encodeToString(sha(summary.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void zhIsTheZipsSha256InHex() {
        assertThat(PackageHash.zh("ab".repeat(32))).isEqualTo("zh:" + "ab".repeat(32));
    }

    private static byte[] sha(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
