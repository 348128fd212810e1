package dev.wharf.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "500ms, PT0.5S",
        "30s,   PT30S",
        "10m,   PT10M",
        "1h,    PT1H",
        "2d,    PT48H",
        "45,    PT45S",
        "0,     PT0S",
        "0ms,   PT0S",
        "' 5m ', PT5M",
        "007s,  PT7S",
        "9223372036854775807ms, PT2562047788015H12M55.807S",
    })
    void parsesNumbersWithAUnit(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "s", "ms", "-5s", "+5s", "1.5h", "5 s", "5S", "5M", "5H", "5sec", "5y", "1h30m",
        "5\u0661s", "\u0665s", "0x10", "99999999999999999999", "106751991167301d", "9223372036854775808ms", "5s\nx"})
    void rejectsEverythingElseSayingWhatIsExpected(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("duration: ")
                .hasMessageEndingWith(" (expected: a number with ms, s, m, h or d, e.g. 30s)");
    }

    @Test
    void theMessageQuotesTheInput() {
        assertThatThrownBy(() -> Durations.parse("10x"))
                .hasMessage("duration: 10x (expected: a number with ms, s, m, h or d, e.g. 30s)");
        assertThatThrownBy(() -> Durations.parse(null))
                .hasMessage("duration: null (expected: a number with ms, s, m, h or d, e.g. 30s)");
    }

    @ParameterizedTest
    @CsvSource({
        "PT0S,     0s",
        "PT0.5S,   500ms",
        "PT1.5S,   1500ms",
        "PT30S,    30s",
        "PT90S,    90s",
        "PT10M,    10m",
        "PT90M,    90m",
        "PT1H,     1h",
        "PT25H,    25h",
        "PT48H,    2d",
    })
    void formatsInTheLargestExactUnit(Duration duration, String expected) {
        assertThat(Durations.format(duration)).isEqualTo(expected);
    }

    @Test
    void refusesToFormatWhatItCannotParse() {
        assertThatThrownBy(() -> Durations.format(Duration.ofSeconds(-1)))
                .hasMessage("duration: PT-1S (expected: a non-negative whole number of milliseconds)");
        assertThatThrownBy(() -> Durations.format(Duration.ofNanos(1500)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.format(Duration.ofSeconds(Long.MAX_VALUE, 1_000_000)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatAndParseRoundTrip() {
        long seed = Seeds.seed();
        Random random = new Random(seed);
        for (int i = 0; i < 10_000; i++) {
            Duration duration = switch (random.nextInt(4)) {
                case 0 -> Duration.ofMillis(random.nextLong() & Long.MAX_VALUE);
                case 1 -> Duration.ofSeconds(random.nextLong() & Long.MAX_VALUE);
                case 2 -> Duration.ofMinutes(random.nextInt(100_000));
                default -> Duration.ofDays(random.nextInt(10_000)).plusHours(random.nextInt(3) * 24L);
            };
            String text = Durations.format(duration);

            assertThat(Durations.parse(text)).as("seed %d: %s formatted as %s", seed, duration, text).isEqualTo(duration);
        }
    }

    @Test
    void parseOnlyThrowsTheDocumentedException() {
        long seed = Seeds.seed();
        Random random = new Random(seed);
        String alphabet = "0123456789msdh -+.\u0661\n";
        for (int i = 0; i < 10_000; i++) {
            String text = ByteRangeTest.randomText(random, alphabet, 12);
            try {
                Duration parsed = Durations.parse(text);
                assertThat(parsed.isNegative()).as("seed %d: '%s'", seed, text).isFalse();
            } catch (IllegalArgumentException expected) {
                assertThat(expected.getMessage()).as("seed %d: '%s'", seed, text).startsWith("duration: ");
            }
        }
    }
}
