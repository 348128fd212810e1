package dev.wharf.codec.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PresentedSecretTest {
    private static String basic(String pair) {
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicGivesTheUserAndThePasswordAsTheSecret() {
        PresentedSecret secret = PresentedSecret.parse(basic("token:s3cr:et")).orElseThrow();
        assertThat(secret.scheme()).isEqualTo("basic");
        assertThat(secret.user()).isEqualTo("token");
        assertThat(secret.secret()).isEqualTo("s3cr:et");
    }

    @Test
    void bearerInAnyCaseGivesTheToken() {
        assertThat(PresentedSecret.parse("bearer abc.def").orElseThrow().secret()).isEqualTo("abc.def");
        assertThat(PresentedSecret.parse("Bearer  xyz ").orElseThrow().secret()).isEqualTo("xyz");
        PresentedSecret bare = PresentedSecret.parse("wharf_abc").orElseThrow();
        assertThat(bare.scheme()).as("cargo sends the bare token").isEqualTo("token");
        assertThat(bare.secret()).isEqualTo("wharf_abc");
    }

    @Test
    void noHeaderIsAnonymous() {
        assertThat(PresentedSecret.parse(null)).isEmpty();
    }

    @Test
    void malformedHeadersAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> PresentedSecret.parse("Basic !!notbase64-hunter2")).hasMessageNotContaining("hunter2")
                .hasMessageContaining("Base64");
        assertThatThrownBy(() -> PresentedSecret.parse(basic("nopassword"))).hasMessageContaining("<user>:<token>");
        assertThatThrownBy(() -> PresentedSecret.parse(basic("user:"))).hasMessageContaining("<user>:<token>");
        assertThatThrownBy(() -> PresentedSecret.parse("Bearer")).hasMessageContaining("Bearer <token>");
        assertThatThrownBy(() -> PresentedSecret.parse("Digest hunter2")).hasMessageNotContaining("hunter2")
                .hasMessageContaining("Basic or Bearer");
    }

    @Test
    void toStringNeverShowsTheSecret() {
        assertThat(PresentedSecret.parse(basic("ci:hunter2")).orElseThrow().toString()).doesNotContain("hunter2").contains("ci");
    }
}
