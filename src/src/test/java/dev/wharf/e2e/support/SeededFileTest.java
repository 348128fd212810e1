package dev.wharf.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A seeded file holds exactly the seed's byte sequence, its digest is that of the bytes, and ranges are inclusive. */
class SeededFileTest {
    @TempDir
    Path tmp;

    @Test
    void writesTheSequenceAndReadsRanges() throws IOException {
        int size = (3 << 20) + 5;
        byte[] expected = PseudoRandomBytes.array(42, size);

        SeededFile file = SeededFile.write(tmp.resolve("dir/f.bin"), 42, size);

        assertThat(Files.readAllBytes(file.path())).isEqualTo(expected);
        assertThat(file.digest()).isEqualTo(Sha256.of(expected));
        assertThat(file.range(100, 199)).isEqualTo(Arrays.copyOfRange(expected, 100, 200));
        assertThat(file.range(size - 1, size - 1)).containsExactly(expected[size - 1]);
        assertThatThrownBy(() -> file.range(0, size)).hasMessageContaining("expected: within");
    }
}
