package dev.wharf.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangeTest {

    @ParameterizedTest
    @CsvSource({
        "'bytes=0-0',          1000, 0,   0",
        "'bytes=0-499',        1000, 0,   499",
        "'bytes=500-999',      1000, 500, 999",
        "'bytes=500-5000',     1000, 500, 999",
        "'bytes=999-',         1000, 999, 999",
        "'bytes=0-',           1000, 0,   999",
        "'bytes=-1',           1000, 999, 999",
        "'bytes=-500',         1000, 500, 999",
        "'bytes=-5000',        1000, 0,   999",
        "'Bytes=1-2',          1000, 1,   2",
        "' bytes= 1-2 ',       1000, 1,   2",
        "'bytes=0-99999999999999999999999', 1000, 0, 999",
        "'bytes=-99999999999999999999999',  1000, 0, 999",
    })
    void selectsOneRange(String header, long size, long first, long last) {
        ByteRange range = ByteRange.parse(header, size).orElseThrow();

        assertThat(range).isEqualTo(new ByteRange(first, last));
        assertThat(range.length()).isEqualTo(last - first + 1);
        assertThat(range.contentRange(size)).isEqualTo("bytes " + first + "-" + last + "/" + size);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "items=0-5", "bytes", "bytes=", "bytes=-", "bytes=a-b", "bytes=5-2",
        "bytes=0-1,5-6", "bytes=0-1,", "bytes=--5", "bytes=1-2-3", "bytes=+1-2", "bytes=1 - 2", "bytes=0x10-",
        "bytes=\u0661-\u0662", "bytes=1-2\r\nX: y", "byte=0-1", "bytes 0-1"})
    void servesTheWholeBodyForAnythingElse(String header) {
        assertThat(ByteRange.parse(header, 1000)).as(header).isEmpty();
    }

    @Test
    void servesTheWholeBodyWithoutAHeader() {
        assertThat(ByteRange.parse(null, 1000)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=1000-", "bytes=1000-2000", "bytes=5000-", "bytes=-0",
        "bytes=99999999999999999999999-"})
    void refusesRangesPastTheEnd(String header) {
        assertThatThrownBy(() -> ByteRange.parse(header, 1000))
                .isInstanceOfSatisfying(UnsatisfiableRangeException.class, e -> {
                    assertThat(e.size()).isEqualTo(1000);
                    assertThat(e.contentRange()).isEqualTo("bytes */1000");
                });
    }

    @Test
    void anEmptyBodyHasNoSatisfiableStart() {
        assertThatThrownBy(() -> ByteRange.parse("bytes=0-", 0)).isInstanceOf(UnsatisfiableRangeException.class);
        assertThatThrownBy(() -> ByteRange.parse("bytes=0-0", 0))
                .isInstanceOfSatisfying(UnsatisfiableRangeException.class,
                        e -> assertThat(e.contentRange()).isEqualTo("bytes */0"));
    }

    @Test
    void aSuffixOfAnEmptyBodyIsTheWholeEmptyBody() {
        assertThat(ByteRange.parse("bytes=-10", 0)).isEmpty();
    }

    @Test
    void theExceptionMessageEscapesTheHeader() {
        assertThatThrownBy(() -> ByteRange.parse("bytes=2000-\t", 10))
                .hasMessage("range: bytes=2000-\\u0009 (expected: a range starting before the end of the 10-byte body)");
    }

    @Test
    void rejectsANegativeSize() {
        assertThatThrownBy(() -> ByteRange.parse("bytes=0-1", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void validatesConstructedRanges() {
        assertThatThrownBy(() -> new ByteRange(-1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ByteRange(6, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ByteRange(0, Long.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new ByteRange(0, Long.MAX_VALUE - 1).length()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aContentRangeMustFitTheBody() {
        assertThatThrownBy(() -> new ByteRange(0, 10).contentRange(10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyRangeReturnedLiesWithinTheBody() {
        long seed = Seeds.seed();
        Random random = new Random(seed);
        String alphabet = "bytes=-0123456789, ;\tB\u0661";
        for (int i = 0; i < 10_000; i++) {
            long size = random.nextInt(4) == 0 ? random.nextInt(3) : Math.abs(random.nextLong() % 100_000);
            String header = random.nextBoolean() ? "bytes=" + randomText(random, alphabet, 8)
                    : randomText(random, alphabet, 14);
            try {
                Optional<ByteRange> range = ByteRange.parse(header, size);
                range.ifPresent(r -> {
                    assertThat(r.first()).as("seed %d, header '%s', size %d", seed, header, size).isBetween(0L, size - 1);
                    assertThat(r.lastInclusive()).as("seed %d, header '%s', size %d", seed, header, size)
                            .isBetween(r.first(), size - 1);
                    assertThat(r.contentRange(size)).startsWith("bytes ");
                });
            } catch (UnsatisfiableRangeException e) {
                assertThat(e.size()).as("seed %d, header '%s'", seed, header).isEqualTo(size);
            }
        }
    }

    static String randomText(Random random, String alphabet, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
