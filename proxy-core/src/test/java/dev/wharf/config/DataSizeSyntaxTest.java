package dev.wharf.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Sizes are a number of bytes, or a whole number and one binary unit: {@code 512MiB}, {@code 10GiB}, {@code 1TiB}. */
class DataSizeSyntaxTest {
    @ParameterizedTest
    @CsvSource({"0, 0", "1048576, 1048576", "1KiB, 1024", "512MiB, 536870912", "10GiB, 10737418240",
            "1TiB, 1099511627776", "8388607TiB, 9223370937343148032"})
    void parses(String text, long expected) {
        assertThat(DataSizeSyntax.parse(text)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10GB", "10 GiB", "10gib", "1.5GiB", "-1", "GiB", "", " 1KiB", "1KiB ", "8388608TiB",
            "99999999999999999999", "1e3", "0x10"})
    void refuses(String text) {
        assertThat(DataSizeSyntax.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1000, 1000", "1024, 1KiB", "1536, 1536", "1572864, 1536KiB", "10737418240, 10GiB",
            "1099511627776, 1TiB", "2199023255552, 2TiB"})
    void formatsInTheLargestExactUnit(long bytes, String expected) {
        assertThat(DataSizeSyntax.format(bytes)).isEqualTo(expected);
        assertThat(DataSizeSyntax.parse(expected)).contains(bytes);
    }
}
