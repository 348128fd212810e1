package dev.wharf.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Durations are a whole number and one unit: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}, {@code 2d}. */
class DurationSyntaxTest {
    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "0s, PT0S", "30s, PT30S", "10m, PT10M", "1h, PT1H", "2d, PT48H", "90s, PT1M30S"})
    void parses(String text, Duration expected) {
        assertThat(DurationSyntax.parse(text)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10 minutes", "10M", "10min", "1.5h", "-1s", "1h30m", "s", "30", "", " 30s", "1234567890s", "PT30S"})
    void refuses(String text) {
        assertThat(DurationSyntax.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"PT0.5S, 500ms", "PT0S, 0s", "PT1M30S, 90s", "PT10M, 10m", "PT48H, 2d", "PT-30S, -30s"})
    void formatsInTheLargestExactUnit(Duration duration, String expected) {
        assertThat(DurationSyntax.format(duration)).isEqualTo(expected);
        if (!duration.isNegative()) {
            assertThat(DurationSyntax.parse(expected)).contains(duration);
        }
    }
}
