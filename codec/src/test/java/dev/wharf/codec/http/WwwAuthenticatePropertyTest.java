package dev.wharf.codec.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded random inputs: well-formed headers round-trip, hostile ones never throw anything unexpected. */
class WwwAuthenticatePropertyTest {
    private static final long SEED = 0x5EED_7235L;
    private static final String[] FRAGMENTS = {
        "Bearer", "Basic", "realm", "service", "scope", "=", "\"", "\\", ",", " ", "\t", "==", "abc+/",
        "\u0000", "\u0001", "\r\n", "\u007f", "\u00ff", "\u20ac", "\uD83D", "repository:a:pull,push", "@", ";",
    };

    @Test
    void wellFormedChallengesRoundTrip() {
        Random random = new Random(SEED);
        for (int run = 0; run < 2_000; run++) {
            List<AuthChallenge> expected = new ArrayList<>();
            StringBuilder header = new StringBuilder();
            int count = 1 + random.nextInt(3);
            for (int c = 0; c < count; c++) {
                AuthChallenge challenge = randomChallenge(random);
                expected.add(challenge);
                if (c > 0) {
                    header.append(spaces(random)).append(',').append(spaces(random));
                }
                render(challenge, header, random);
            }

            List<AuthChallenge> parsed = WwwAuthenticate.parse(header.toString());

            assertThat(parsed).as("seed run %d: %s", run, header).isEqualTo(expected);
        }
    }

    @Test
    void hostileInputNeverThrowsUnexpectedly() {
        Random random = new Random(SEED + 1);
        for (int run = 0; run < 20_000; run++) {
            String header = hostile(random);
            try {
                for (AuthChallenge challenge : WwwAuthenticate.parse(header)) {
                    assertThat(challenge.scheme()).isEqualTo(challenge.scheme().toLowerCase(Locale.ROOT)).isNotEmpty();
                    challenge.params().keySet().forEach(k -> assertThat(k).isEqualTo(k.toLowerCase(Locale.ROOT)));
                }
            } catch (IllegalArgumentException e) {
                assertThat(header.length()).as("only oversized input is rejected").isGreaterThan(WwwAuthenticate.MAX_LENGTH);
            } catch (RuntimeException | Error e) {
                fail("run " + run + " threw " + e + " for input of length " + header.length(), e);
            }
        }
    }

    private static String hostile(Random random) {
        StringBuilder sb = new StringBuilder();
        int pieces = random.nextInt(10) == 0 ? 3_000 + random.nextInt(2_000) : random.nextInt(40);
        for (int i = 0; i < pieces; i++) {
            if (random.nextInt(4) == 0) {
                sb.append((char) random.nextInt(0x10000));
            } else {
                sb.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            }
        }
        return sb.toString();
    }

    private static AuthChallenge randomChallenge(Random random) {
        String scheme = token(random);
        int kind = random.nextInt(4);
        if (kind == 0) {
            return new AuthChallenge(scheme, Map.of());
        }
        if (kind == 1) {
            String token68 = randomString(random, "abcXYZ019-._~+/", 1 + random.nextInt(12)) + "=".repeat(random.nextInt(3));
            return new AuthChallenge(scheme, Map.of(AuthChallenge.TOKEN68, token68));
        }
        Map<String, String> params = new LinkedHashMap<>();
        int n = 1 + random.nextInt(4);
        while (params.size() < n) {
            String value = random.nextBoolean() ? token(random)
                    : randomString(random, "ab ,=\"\\:/\t\u00e9", random.nextInt(16));
            params.putIfAbsent(token(random).toLowerCase(Locale.ROOT), value);
        }
        return new AuthChallenge(scheme, params);
    }

    private static void render(AuthChallenge challenge, StringBuilder out, Random random) {
        out.append(random.nextBoolean() ? challenge.scheme().toUpperCase(Locale.ROOT) : challenge.scheme());
        if (challenge.params().isEmpty()) {
            return;
        }
        out.append(' ').append(spaces(random));
        if (challenge.token68().isPresent()) {
            out.append(challenge.token68().get());
            return;
        }
        boolean first = true;
        for (Map.Entry<String, String> e : challenge.params().entrySet()) {
            if (!first) {
                out.append(spaces(random)).append(',').append(spaces(random));
            }
            first = false;
            out.append(e.getKey()).append(spaces(random)).append('=').append(spaces(random));
            boolean quote = !HttpTokens.isToken(e.getValue()) || random.nextBoolean();
            if (quote) {
                out.append('"');
                for (char c : e.getValue().toCharArray()) {
                    if (c == '"' || c == '\\' || random.nextInt(8) == 0) {
                        out.append('\\');
                    }
                    out.append(c);
                }
                out.append('"');
            } else {
                out.append(e.getValue());
            }
        }
    }

    private static String token(Random random) {
        return randomString(random, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~", 1 + random.nextInt(10));
    }

    private static String spaces(Random random) {
        return randomString(random, " \t", random.nextInt(3));
    }

    private static String randomString(Random random, String alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
