package dev.wharf.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The generator is deterministic whatever the read sizes, seed-dependent, and incompressible. */
class PseudoRandomBytesTest {
    @Test
    void readsOfAnySizeYieldTheSameBytes() throws IOException {
        byte[] whole = PseudoRandomBytes.array(7, 100_003);
        ByteArrayOutputStream pieces = new ByteArrayOutputStream();
        int[] sizes = {1, 3, 7, 8, 9, 15, 4096, 65_537};
        try (InputStream in = PseudoRandomBytes.stream(7, whole.length)) {
            byte[] buffer = new byte[70_000];
            for (int i = 0, n; (n = in.read(buffer, 0, sizes[i++ % sizes.length])) >= 0; ) {
                pieces.write(buffer, 0, n);
            }
        }
        assertThat(pieces.toByteArray()).isEqualTo(whole);
    }

    @Test
    void differentSeedsDifferAndNothingCompresses() throws IOException {
        byte[] one = PseudoRandomBytes.array(1, 1 << 20);
        assertThat(one).isNotEqualTo(PseudoRandomBytes.array(2, 1 << 20));
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(one);
        }
        assertThat(compressed.size()).isGreaterThan(one.length);
    }
}
