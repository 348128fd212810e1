package dev.wharf.codec.go;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProxyRequestTest {
    @Test
    void parsesEveryKindOfRequest() {
        ProxyRequest zip = ProxyRequest.parse("github.com/!azure/go/@v/v1.2.3.zip").orElseThrow();
        assertThat(zip.kind()).isEqualTo(ProxyRequest.Kind.ZIP);
        assertThat(zip.module()).isEqualTo("github.com/Azure/go");
        assertThat(zip.escapedModule()).isEqualTo("github.com/!azure/go");
        assertThat(zip.version()).isEqualTo(SemVer.parse("v1.2.3"));
        assertThat(zip.versionFile(ProxyRequest.Kind.MOD)).isEqualTo("github.com/!azure/go/@v/v1.2.3.mod");
        ProxyRequest upper = ProxyRequest.parse("example.com/m/@v/v1.0.0-!r!c.1.info").orElseThrow();
        assertThat(upper.version().prerelease()).isEqualTo("RC.1");
        assertThat(upper.versionFile(ProxyRequest.Kind.ZIP)).isEqualTo("example.com/m/@v/v1.0.0-!r!c.1.zip");
        assertThat(ProxyRequest.parse("example.com/m/@v/list").orElseThrow().kind()).isEqualTo(ProxyRequest.Kind.LIST);
        assertThat(ProxyRequest.parse("example.com/m/@latest").orElseThrow().kind()).isEqualTo(ProxyRequest.Kind.LATEST);
        assertThat(ProxyRequest.parse("example.com/m/@v/v2.0.0+incompatible.mod").orElseThrow().version().incompatible()).isTrue();
    }

    @Test
    void otherPathsAreNoRequests() {
        assertThat(ProxyRequest.parse("example.com/m")).isEmpty();
        assertThat(ProxyRequest.parse("example.com/m/@v/v1.0.0.tar")).isEmpty();
        assertThat(ProxyRequest.parse("@v/list")).isEmpty();
    }

    @Test
    void badModulesAndVersionsAreErrors() {
        assertThatThrownBy(() -> ProxyRequest.parse("Example.com/m/@v/list")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProxyRequest.parse("example.com/m/@v/1.0.0.zip")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProxyRequest.parse("example.com/m/@v/v1.0.zip")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProxyRequest.parse("example.com/m/@v/v1.0.0-RC.zip")).isInstanceOf(IllegalArgumentException.class);
    }
}
