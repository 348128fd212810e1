package dev.wharf.codec.go;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModulePathTest {
    @Test
    void caseEncodingRoundTrips() {
        assertThat(ModulePath.escape("github.com/Azure/azure-sdk-for-go")).isEqualTo("github.com/!azure/azure-sdk-for-go");
        assertThat(ModulePath.unescape("github.com/!azure/!burnt!sushi")).isEqualTo("github.com/Azure/BurntSushi");
        assertThat(ModulePath.unescape("example.com/m/v2")).isEqualTo("example.com/m/v2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"github.com/Azure", "example.com/!", "example.com/!1", "", "/example.com", "example.com/",
            "example.com//m", "example.com/../m", "example.com/./m", "example.com/m m", "example.com/m?x", "example.com\\m"})
    void refusesBadPaths(String escaped) {
        assertThatThrownBy(() -> ModulePath.unescape(escaped)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void majorVersionSuffixMustAgree() {
        ModulePath.checkMajor("example.com/m", SemVer.parse("v1.4.0"));
        ModulePath.checkMajor("example.com/m", SemVer.parse("v0.0.1"));
        ModulePath.checkMajor("example.com/m/v2", SemVer.parse("v2.1.0"));
        ModulePath.checkMajor("example.com/m", SemVer.parse("v3.0.0+incompatible"));
        assertThatThrownBy(() -> ModulePath.checkMajor("example.com/m", SemVer.parse("v2.0.0")))
                .hasMessageContaining("/v2");
        assertThatThrownBy(() -> ModulePath.checkMajor("example.com/m/v2", SemVer.parse("v1.0.0")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModulePath.checkMajor("example.com/m/v3", SemVer.parse("v2.0.0")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModulePath.checkMajor("example.com/m/v2", SemVer.parse("v2.0.0+incompatible")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
