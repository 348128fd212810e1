package dev.wharf.storage.meta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.codec.Digest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Path keys stay short, never merge two paths, and keep the paths under a prefix in one range. */
class PathKeyTest {
    private static final String EMOJI = "\uD83D\uDE00";
    private static final String LAST = new String(Character.toChars(Character.MAX_CODE_POINT));

    @Test
    void aPathOfUpToTheKeptCodePointsIsItsOwnKey() {
        assertThat(PathKey.of("")).isEmpty();
        assertThat(PathKey.of("library/alpine/manifests/latest")).isEqualTo("library/alpine/manifests/latest");
        String pairs = EMOJI.repeat(PathKey.KEPT); // twice as many chars as code points
        assertThat(PathKey.of(pairs)).isSameAs(pairs);
    }

    @Test
    void aLongerPathKeepsItsFirstCodePointsAndTheHashOfTheWhole() {
        String path = "ü".repeat(PathKey.KEPT) + "/rest";

        String key = PathKey.of(path);

        assertThat(key).isEqualTo("ü".repeat(PathKey.KEPT) + "#"
                + Digest.sha256Of(path.getBytes(StandardCharsets.UTF_8)).hex());
        assertThat(key.codePointCount(0, key.length())).isEqualTo(PathKey.KEPT + 65);
        assertThat(key.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(4 * PathKey.KEPT + 65);
        assertThat(PathKey.of(path + "x")).as("the hash tells paths apart").isNotEqualTo(key);
    }

    @Test
    void theKeptPartNeverSplitsASurrogatePair() {
        String path = "a" + EMOJI.repeat(PathKey.KEPT);

        String key = PathKey.of(path);

        assertThat(key).startsWith("a" + EMOJI.repeat(PathKey.KEPT - 1) + "#");
        assertThat(CachedEntry.isStorable(key)).isTrue();
    }

    @Test
    void boundsGrowTheLastCodePointThatCan() {
        assertThat(PathKey.upperBound("")).isEmpty();
        assertThat(PathKey.upperBound("ab")).contains("ac");
        assertThat(PathKey.upperBound("a\uD7FF")).as("past the surrogates").contains("a\uE000");
        assertThat(PathKey.upperBound("a\uFFFF")).as("into the supplementary planes").contains("a\uD800\uDC00");
        assertThat(PathKey.upperBound("a" + EMOJI)).contains("a\uD83D\uDE01");
        assertThat(PathKey.upperBound("a" + LAST + LAST)).contains("b");
        assertThat(PathKey.upperBound(LAST)).isEmpty();
        String longPrefix = "x".repeat(PathKey.KEPT) + "yz";
        assertThat(PathKey.lowerBound(longPrefix)).isEqualTo("x".repeat(PathKey.KEPT));
        assertThat(PathKey.upperBound(longPrefix)).contains("x".repeat(PathKey.KEPT - 1) + "y");
    }

    @Test
    void theKeyOfEveryPathUnderAPrefixIsInItsRange() {
        Random random = new Random(7);
        String[] alphabet = {"a", "b", "/", "\uFFFF", EMOJI, LAST, "\uD7FF", "\uE000"};
        for (int round = 0; round < 20_000; round++) {
            String path = randomPath(random, alphabet, random.nextInt(2 * PathKey.KEPT + 10));
            int prefixCodePoints = random.nextInt(path.codePointCount(0, path.length()) + 1);
            String prefix = path.substring(0, path.offsetByCodePoints(0, prefixCodePoints));
            String key = PathKey.of(path);
            Optional<String> upper = PathKey.upperBound(prefix);

            assertThat(compareByCodePoint(PathKey.lowerBound(prefix), key)).as("lower bound of %s", path)
                    .isLessThanOrEqualTo(0);
            upper.ifPresent(end -> assertThat(compareByCodePoint(key, end)).as("upper bound of %s", path).isNegative());
        }
    }

    private static String randomPath(Random random, String[] alphabet, int codePoints) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < codePoints; i++) {
            path.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return path.toString();
    }

    /** The order of collation "C" on UTF-8: by code point, not by Java char. */
    private static int compareByCodePoint(String a, String b) {
        return java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }
}
