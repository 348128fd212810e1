package dev.wharf.codec.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignedTokenTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    @Test
    void aSignedTokenVerifiesWithItsClaimsUntilItExpires() {
        SignedToken token = new SignedToken("ci", Optional.of("abc123"), T0, T0.plusSeconds(300));
        String text = token.sign(KEY);

        assertThat(SignedToken.looksSigned(text)).isTrue();
        assertThat(SignedToken.verify(text, KEY, T0.plusSeconds(299))).contains(token);
        assertThat(SignedToken.verify(text, KEY, T0.plusSeconds(300))).isEmpty();
    }

    @Test
    void anAnonymousTokenHasNoTokenId() {
        String text = new SignedToken("anonymous", Optional.empty(), T0, T0.plusSeconds(60)).sign(KEY);
        assertThat(SignedToken.verify(text, KEY, T0).orElseThrow().tokenId()).isEmpty();
    }

    @Test
    void anotherKeyOrAlteredClaimsFailVerification() {
        String text = new SignedToken("ci", Optional.of("abc"), T0, T0.plusSeconds(300)).sign(KEY);
        byte[] otherKey = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
        assertThat(SignedToken.verify(text, otherKey, T0)).isEmpty();

        String[] parts = text.split("\\.");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"sub\":\"admin\",\"tid\":\"other\",\"iat\":0,\"exp\":9999999999}".getBytes(StandardCharsets.UTF_8));
        assertThat(SignedToken.verify(parts[0] + "." + forged + "." + parts[2], KEY, T0)).isEmpty();
        assertThat(SignedToken.verify(parts[0] + "." + parts[1] + ".", KEY, T0)).isEmpty();
        assertThat(SignedToken.verify("not-a-jwt", KEY, T0)).isEmpty();
    }
}
