package dev.wharf.codec.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WwwAuthenticateTest {

    @Test
    void parsesDockerHubBearerChallenge() {
        List<AuthChallenge> challenges = WwwAuthenticate.parse(
                "Bearer realm=\"https://auth.example.com/token\",service=\"registry.example.com\","
                        + "scope=\"repository:library/alpine:pull\"");

        assertThat(challenges).hasSize(1);
        AuthChallenge bearer = challenges.get(0);
        assertThat(bearer.scheme()).isEqualTo("bearer");
        assertThat(bearer.realm()).contains("https://auth.example.com/token");
        assertThat(bearer.service()).contains("registry.example.com");
        assertThat(bearer.scope()).contains("repository:library/alpine:pull");
    }

    @Test
    void keepsCommasInsideQuotedValues() {
        AuthChallenge bearer = WwwAuthenticate.parse("Bearer realm=\"r\",scope=\"repository:a:pull,push\"").get(0);

        assertThat(bearer.scope()).contains("repository:a:pull,push");
        assertThat(bearer.params()).containsOnlyKeys("realm", "scope");
    }

    @Test
    void parsesSeveralChallengesInOneValue() {
        List<AuthChallenge> challenges = WwwAuthenticate.parse(
                "Newauth realm=\"apps\", type=1, title=\"Login to \\\"apps\\\"\", Basic realm=\"simple\"");

        assertThat(challenges).extracting(AuthChallenge::scheme).containsExactly("newauth", "basic");
        assertThat(challenges.get(0).params())
                .containsExactly(Map.entry("realm", "apps"), Map.entry("type", "1"), Map.entry("title", "Login to \"apps\""));
        assertThat(challenges.get(1).realm()).contains("simple");
    }

    @Test
    void normalisesSchemeAndParameterNamesToLowerCase() {
        AuthChallenge challenge = WwwAuthenticate.parse("BASIC Realm=\"Registry\"").get(0);

        assertThat(challenge.scheme()).isEqualTo("basic");
        assertThat(challenge.params()).containsExactly(Map.entry("realm", "Registry"));
        assertThat(challenge.isScheme("Basic")).isTrue();
    }

    @Test
    void acceptsWhitespaceAroundEqualsAndEmptyListElements() {
        List<AuthChallenge> challenges = WwwAuthenticate.parse(" , Basic  realm = \"a\" ,, charset=UTF-8 ,\tBearer realm=b,");

        assertThat(challenges).hasSize(2);
        assertThat(challenges.get(0).params()).containsExactly(Map.entry("realm", "a"), Map.entry("charset", "UTF-8"));
        assertThat(challenges.get(1).realm()).contains("b");
    }

    @Test
    void parsesToken68AndBareSchemes() {
        List<AuthChallenge> challenges = WwwAuthenticate.parse("Negotiate, NTLM abc+/def==, Basic realm=x");

        assertThat(challenges).extracting(AuthChallenge::scheme).containsExactly("negotiate", "ntlm", "basic");
        assertThat(challenges.get(0).params()).isEmpty();
        assertThat(challenges.get(1).token68()).contains("abc+/def==");
        assertThat(challenges.get(1).realm()).isEmpty();
        assertThat(challenges.get(2).realm()).contains("x");
    }

    @Test
    void keepsEmptyQuotedValue() {
        assertThat(WwwAuthenticate.parse("Bearer realm=\"\"").get(0).realm()).contains("");
    }

    @Test
    void stopsAtTheFirstMalformedChallenge() {
        assertThat(WwwAuthenticate.parse("Basic realm=\"a\", Bearer realm=\"unterminated"))
                .extracting(AuthChallenge::scheme).containsExactly("basic");
        assertThat(WwwAuthenticate.parse("Bearer realm=\"a\"junk")).isEmpty();
        assertThat(WwwAuthenticate.parse("Bearer realm=")).hasSize(1);
        assertThat(WwwAuthenticate.parse("Bearer realm=\"a\", realm=\"b\"")).isEmpty();
        assertThat(WwwAuthenticate.parse("Bearer realm=\"a\u0001\"")).isEmpty();
        assertThat(WwwAuthenticate.parse("@Basic")).isEmpty();
        assertThat(WwwAuthenticate.parse("")).isEmpty();
    }

    @Test
    void rejectsOversizedAndNullValues() {
        assertThatThrownBy(() -> WwwAuthenticate.parse("Basic realm=\"" + "a".repeat(WwwAuthenticate.MAX_LENGTH) + "\""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: at most 8192");
        assertThatThrownBy(() -> WwwAuthenticate.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void challengeValidatesItsParts() {
        assertThatThrownBy(() -> new AuthChallenge("bad scheme", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected: an RFC 7230 token");
        assertThatThrownBy(() -> new AuthChallenge("Basic", Map.of("Realm", "a", "realm", "b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most once");
        assertThat(new AuthChallenge("Basic", Map.of("Realm", "a")).param("REALM")).contains("a");
    }
}
