package dev.wharf.codec.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.codec.Seeds;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded random text: the hand-written name and tag scanners accept exactly what the spec's regular expressions do. */
class GrammarScannerPropertyTest {
    private static final String NAME_ALPHABET = "ab9._-/_A";
    private static final String TAG_ALPHABET = "aZ9_.-/:";

    @Test
    void nameScannerAgreesWithTheDistributionGrammar() {
        long seed = Seeds.seed();
        Random random = new Random(seed);
        int valid = 0;
        for (int i = 0; i < 50_000; i++) {
            String text = random(random, NAME_ALPHABET, 12);
            boolean expected = matchesNameGrammar(text);
            assertThat(ImageName.isValid(text)).as("seed %d: %s", seed, text).isEqualTo(expected);
            valid += expected ? 1 : 0;
        }
        assertThat(valid).as("seed %d: some names are valid", seed).isPositive();
    }

    @Test
    void tagScannerAgreesWithTheDistributionGrammar() {
        long seed = Seeds.seed();
        Random random = new Random(seed);
        int valid = 0;
        for (int i = 0; i < 50_000; i++) {
            String text = random(random, TAG_ALPHABET, i % 100 == 0 ? 140 : 8);
            boolean expected = Reference.Tag.GRAMMAR.matcher(text).matches();
            assertThat(Reference.Tag.isValid(text)).as("seed %d: %s", seed, text).isEqualTo(expected);
            valid += expected ? 1 : 0;
        }
        assertThat(valid).as("seed %d: some tags are valid", seed).isPositive();
    }

    private static boolean matchesNameGrammar(String text) {
        if (text.isEmpty() || text.length() > ImageName.MAX_LENGTH) {
            return false;
        }
        for (String component : text.split("/", -1)) {
            if (!ImageName.COMPONENT.matcher(component).matches()) {
                return false;
            }
        }
        return true;
    }

    private static String random(Random random, String alphabet, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
