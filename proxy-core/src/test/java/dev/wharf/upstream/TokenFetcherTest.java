package dev.wharf.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenFetcherTest {
    private static BearerToken parse(String json, long start) {
        return TokenFetcher.parse(json.getBytes(StandardCharsets.UTF_8), start, "token response from https://auth.example.com/token");
    }

    @Test
    void readsTokenAndLifetimeWithASafetyMargin() {
        BearerToken token = parse("{\"token\":\"abc\",\"access_token\":\"ignored\",\"expires_in\":300,\"issued_at\":\"2024-01-01T00:00:00Z\"}", 0);

        assertThat(token.value()).isEqualTo("abc");
        assertThat(token.expiresAtNanos()).isEqualTo(Duration.ofSeconds(270).toNanos());
        assertThat(token.toString()).doesNotContain("abc");
    }

    @Test
    void fallsBackToAccessTokenAndTheDefaultLifetime() {
        BearerToken token = parse("{\"access_token\":\"xyz\"}", 1_000);

        assertThat(token.value()).isEqualTo("xyz");
        assertThat(token.expiresAtNanos()).isEqualTo(1_000 + Duration.ofSeconds(54).toNanos());
    }

    @Test
    void rejectsResponsesWithoutAUsableToken() {
        assertThatThrownBy(() -> parse("not json", 0)).isInstanceOf(UpstreamProtocolException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> parse("[1]", 0)).isInstanceOf(UpstreamProtocolException.class).hasMessageContaining("object");
        assertThatThrownBy(() -> parse("{\"token\":\"\"}", 0)).isInstanceOf(UpstreamProtocolException.class)
                .hasMessageContaining("expected: \"token\" or \"access_token\"");
        assertThatThrownBy(() -> parse("{\"token\":\"a\\r\\nX-Evil: 1\"}", 0)).isInstanceOf(UpstreamProtocolException.class)
                .hasMessageNotContaining("Evil");
    }

    @Test
    void buildsTheTokenUriWithEachScope() {
        URI realm = URI.create("https://auth.example.com/token?client=wharf");

        assertThat(TokenFetcher.tokenUri(realm, "registry.example.com", "repository:a:pull repository:b/c:pull,push"))
                .hasToString("https://auth.example.com/token?client=wharf&service=registry.example.com"
                        + "&scope=repository%3Aa%3Apull&scope=repository%3Ab%2Fc%3Apull%2Cpush");
        assertThat(TokenFetcher.tokenUri(URI.create("https://auth.example.com/token"), null, null))
                .hasToString("https://auth.example.com/token");
    }
}
