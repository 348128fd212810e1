package dev.wharf.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generated config reads back as the schema PRODUCT.md fixes. */
class WharfConfigTest {
    @Test
    void rendersTheFixedSchema() throws IOException {
        WharfConfig config = new WharfConfig(18080, Path.of("/tmp/x"), "5s", "hub", List.of(
                RemoteRepository.of("hub", "http://127.0.0.1:5000").metadataTtl("2s").negativeTtl("3s").blocklist("blocked/*")
                        .upstream(new UpstreamTimeouts("4s", "1s")),
                RemoteRepository.of("authed", "http://127.0.0.1:5001").credentials("alice", "${E2E_UPSTREAM_PASSWORD}")));

        JsonNode yaml = new YAMLMapper().readTree(config.toYaml());

        assertThat(yaml.at("/server/port").asInt()).isEqualTo(18080);
        assertThat(yaml.at("/server/idleTimeout").asText()).isEqualTo("5s");
        assertThat(yaml.at("/storage/blobs/type").asText()).isEqualTo("filesystem");
        assertThat(yaml.at("/storage/blobs/path").asText()).isEqualTo("/tmp/x/blobs");
        assertThat(yaml.at("/storage/metadata/type").asText()).isEqualTo("embedded");
        assertThat(yaml.at("/storage/metadata/path").asText()).isEqualTo("/tmp/x/meta");
        assertThat(yaml.at("/storage/coordination/type").asText()).isEqualTo("local");
        assertThat(yaml.at("/docker/defaultRepository").asText()).isEqualTo("hub");
        JsonNode hub = yaml.at("/repositories/0");
        assertThat(hub.path("key").asText()).isEqualTo("hub");
        assertThat(hub.path("format").asText()).isEqualTo("docker");
        assertThat(hub.path("type").asText()).isEqualTo("remote");
        assertThat(hub.path("url").asText()).isEqualTo("http://127.0.0.1:5000");
        assertThat(hub.path("metadataTtl").asText()).isEqualTo("2s");
        assertThat(hub.path("negativeTtl").asText()).isEqualTo("3s");
        assertThat(hub.at("/upstream/readTimeout").asText()).isEqualTo("4s");
        assertThat(hub.at("/upstream/revalidationTimeout").asText()).isEqualTo("1s");
        assertThat(hub.path("blocklist").get(0).asText()).isEqualTo("blocked/*");
        JsonNode authed = yaml.at("/repositories/1");
        assertThat(authed.path("username").asText()).isEqualTo("alice");
        assertThat(authed.path("password").asText()).isEqualTo("${E2E_UPSTREAM_PASSWORD}");
        assertThat(authed.has("metadataTtl")).isFalse();
        assertThat(authed.has("negativeTtl")).isFalse();
        assertThat(authed.has("upstream")).isFalse();
    }

    @Test
    void leavesOutTheMirrorDefaultAndIdleTimeoutWhenThereAreNone() throws IOException {
        WharfConfig config = new WharfConfig(8080, Path.of("/tmp/y"), null, null, List.of(RemoteRepository.of("hub", "http://127.0.0.1:1")));

        JsonNode yaml = new YAMLMapper().readTree(config.toYaml());
        assertThat(yaml.has("docker")).isFalse();
        assertThat(yaml.at("/server").has("idleTimeout")).isFalse();
    }
}
