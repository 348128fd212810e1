package dev.wharf.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class UpstreamRequestTest {

    @Test
    void copiesHeaders() {
        HttpHeaders headers = new DefaultHttpHeaders().set("Accept", "application/json");
        UpstreamRequest request = new UpstreamRequest(HttpMethod.GET, URI.create("https://example.com/v2/"), headers, null, Purpose.METADATA, null);

        headers.set("Accept", "text/html");
        request.headers().set("Accept", "image/png");

        assertThat(request.headers().get("Accept")).isEqualTo("application/json");
    }

    @Test
    void acceptsOnlyAbsoluteHttpUrisWithoutUserInfo() {
        assertThatThrownBy(() -> UpstreamRequest.get(URI.create("ftp://example.com/x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected: http or https");
        assertThatThrownBy(() -> UpstreamRequest.get(URI.create("/v2/")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UpstreamRequest.get(URI.create("https://user:pw@example.com/v2/")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no user info").hasMessageNotContaining("pw");
    }

    @Test
    void remoteSettingsKeepAConnectionForMetadata() {
        RemoteSettings defaults = RemoteSettings.of(URI.create("https://registry.example.com"));
        assertThat(defaults.maxConnections()).isEqualTo(64);
        assertThat(defaults.poolSize(Purpose.BLOB)).isEqualTo(48);
        assertThat(defaults.poolSize(Purpose.METADATA)).isEqualTo(16);
        assertThat(defaults.readTimeout()).hasSeconds(30);

        assertThatThrownBy(() -> defaults.withConnections(8, 8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBlobConnections: 8 (expected: >= 1 and < maxConnections, 8)");
        assertThatThrownBy(() -> defaults.withConnections(8, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withReadTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("readTimeout");
        assertThatThrownBy(() -> RemoteSettings.of(URI.create("ftp://registry.example.com")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UpstreamRequest.get(URI.create("https://example.com/")).withReadTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void credentialsHideThePassword() {
        UpstreamCredentials credentials = new UpstreamCredentials("robot", "hunter2");

        assertThat(credentials.toString()).contains("robot").doesNotContain("hunter2");
        assertThat(credentials.basicAuthorization()).isEqualTo("Basic cm9ib3Q6aHVudGVyMg==");
        assertThatThrownBy(() -> new UpstreamCredentials("a:b", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostKeyDefaultsPortsAndNormalisesHosts() {
        assertThat(HostKey.of(URI.create("https://Registry.Example.com/v2/"))).isEqualTo(new HostKey("https", "registry.example.com", 443));
        assertThat(HostKey.of(URI.create("http://[::1]:5000/v2/")).authority()).isEqualTo("[::1]:5000");
        assertThat(HostKey.of(URI.create("http://example.com:80/")).authority()).isEqualTo("example.com");
    }

    @Test
    void resolvesLocationsKeepingEncodingAndDroppingUserInfo() throws Exception {
        URI base = URI.create("https://registry.example.com/v2/x/blobs/sha256:1");

        assertThat(RequestFlow.resolve(base, "/v2/y?a=%2F")).hasToString("https://registry.example.com/v2/y?a=%2F");
        assertThat(RequestFlow.resolve(base, "https://u:p@cdn.example.com:8443/b?X-Sig=a%2Bb#frag"))
                .hasToString("https://cdn.example.com:8443/b?X-Sig=a%2Bb");
        assertThatThrownBy(() -> RequestFlow.resolve(base, "ftp://example.com/")).isInstanceOf(IllegalArgumentException.class);
    }
}
