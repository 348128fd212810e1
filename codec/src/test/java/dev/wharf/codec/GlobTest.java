package dev.wharf.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {

    @ParameterizedTest
    @CsvSource({
        "library/ubuntu,  library/ubuntu,       true",
        "library/ubuntu,  library/ubuntu2,      false",
        "library/ubuntu,  library/ubunt,        false",
        "evil/*,          evil/miner,           true",
        "evil/*,          evil/,                true",
        "evil/*,          evil/a/b,             false",
        "evil/*,          evil,                 false",
        "evil/*,          notevil/miner,        false",
        "evil/**,         evil/a/b,             true",
        "**/malware,      malware,              true",
        "**/malware,      library/malware,      true",
        "**/malware,      a/b/c/malware,        true",
        "**/malware,      a/b/c/malware2,       false",
        "**/malware,      amalware,             false",
        "a/**/b,          a/b,                  true",
        "a/**/b,          a/x/y/b,              true",
        "a/**/b,          ab,                   false",
        "a/**/b,          a/xb,                 false",
        "a**/b,           a/b,                  true",
        "a**/b,           ab,                   false",
        "a**/b,           ax/y/b,               true",
        "**,              anything/at/all,      true",
        "*,               one,                  true",
        "*,               two/parts,            false",
        "lib?ary/*,       library/x,            true",
        "lib?ary/*,       lib/ary/x,            false",
        "*/ubuntu,        library/ubuntu,       true",
        "*/ubuntu,        a/library/ubuntu,     false",
        "*mine*,          coinminer,            true",
        "*mine*,          coin/miner,           false",
        "a.b,             a.b,                  true",
        "a.b,             axb,                  false",
        "[ab],            [ab],                 true",
        "[ab],            a,                    false",
        "a+,              a+,                   true",
        "a+,              aa,                   false",
        "\\Qx\\E,         \\Qx\\E,              true",
        "\\Qx\\E,         x,                    false",
        "(a|b),           a,                    false",
        "^a$,             ^a$,                  true",
    })
    void matchesWholeNames(String pattern, String name, boolean expected) {
        assertThat(new Glob(pattern).matches(name)).as("%s ~ %s", pattern, name).isEqualTo(expected);
    }

    @Test
    void matchesTheEmptyNameOnlyWithStars() {
        assertThat(new Glob("*").matches("")).isTrue();
        assertThat(new Glob("**").matches("")).isTrue();
        assertThat(new Glob("?").matches("")).isFalse();
    }

    @Test
    void rejectsEmptyAndOversizedPatterns() {
        assertThatThrownBy(() -> new Glob("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: 1 to 1024 characters");
        assertThatThrownBy(() -> new Glob("a".repeat(1025))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Glob("a".repeat(1024)).matches("a".repeat(1024))).isTrue();
        assertThatThrownBy(() -> new Glob(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void equalByPattern() {
        assertThat(new Glob("evil/*")).isEqualTo(new Glob("evil/*")).hasSameHashCodeAs(new Glob("evil/*"))
                .isNotEqualTo(new Glob("evil/**")).hasToString("evil/*");
        assertThat(new Glob("evil/*").pattern()).isEqualTo("evil/*");
    }

    @Test
    @Timeout(5)
    void pathologicalPatternsStayFast() {
        Glob glob = new Glob("*a".repeat(500) + "*b");
        String name = "a".repeat(255);

        long start = System.nanoTime();
        assertThat(glob.matches(name)).isFalse();
        assertThat(new Glob("**a".repeat(300) + "b").matches("a/".repeat(120))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void agreesWithARegexTranslationOnRandomInput() {
        long seed = Seeds.seed();
        Random random = new Random(seed);
        for (int i = 0; i < 10_000; i++) {
            String pattern = randomText(random, "ab/*?.", 1, 8);
            String name = randomText(random, "ab/.", 0, 10);
            Pattern oracle = Pattern.compile(toRegex(pattern));

            assertThat(new Glob(pattern).matches(name))
                    .as("seed %d: glob '%s' against '%s' (regex %s)", seed, pattern, name, oracle)
                    .isEqualTo(oracle.matcher(name).matches());
        }
    }

    @Test
    void neverThrowsOnRandomPatternsAndNames() {
        long seed = Seeds.seed();
        Random random = new Random(seed);
        String alphabet = "ab/*?.\\[]()^$|+{}%\u0000\n\u00e9\ud83d";
        for (int i = 0; i < 10_000; i++) {
            String pattern = randomText(random, alphabet, 1, 30);
            String name = randomText(random, alphabet, 0, 30);
            try {
                new Glob(pattern).matches(name);
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ": glob '" + pattern + "' against '" + name + "'", e);
            }
        }
    }

    /** An independent reading of the documented syntax, for comparison only: fine on short input. */
    private static String toRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (c == '*') {
                int end = i;
                while (end < glob.length() && glob.charAt(end) == '*') {
                    end++;
                }
                boolean wholeComponentBeforeSlash = (i == 0 || glob.charAt(i - 1) == '/')
                        && end < glob.length() && glob.charAt(end) == '/';
                if (end - i == 1) {
                    regex.append("[^/]*");
                } else if (wholeComponentBeforeSlash) {
                    regex.append("(?:.*/)?");
                    end++;
                } else {
                    regex.append(".*");
                }
                i = end;
            } else {
                regex.append(c == '?' ? "[^/]" : Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        return regex.toString();
    }

    private static String randomText(Random random, String alphabet, int minLength, int maxLength) {
        int length = minLength + random.nextInt(maxLength - minLength + 1);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
