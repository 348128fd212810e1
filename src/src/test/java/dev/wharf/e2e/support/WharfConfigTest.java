package dev.wharf.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void rendersGenericRepositoriesTheUploadLimitAndTheSpoolAfterTheDockerRemotes() throws IOException {
        WharfConfig config = new WharfConfig(18081, Path.of("/tmp/z"), null, "2GiB", null, Path.of("/tmp/z/spool"),
                List.of(RemoteRepository.of("hub", "http://127.0.0.1:5000")),
                List.of(GenericRepository.remote("files", "http://127.0.0.1:8000/dist").mutable("**/latest/*", "**/*.json")
                                .metadataTtl("1s"),
                        GenericRepository.local("uploads").allowOverwrite(true),
                        GenericRepository.local("plain"),
                        GenericRepository.virtual("all", "uploads", "files").deployTo("uploads")));

        JsonNode yaml = new YAMLMapper().readTree(config.toYaml());

        assertThat(yaml.at("/server/port").asInt()).isEqualTo(18081);
        assertThat(yaml.at("/server/limits/maxUploadBytes").asText()).isEqualTo("2GiB");
        assertThat(yaml.at("/cache/spoolPath").asText()).isEqualTo("/tmp/z/spool");
        assertThat(yaml.at("/repositories/0/format").asText()).isEqualTo("docker");
        JsonNode files = yaml.at("/repositories/1");
        assertThat(files.path("key").asText()).isEqualTo("files");
        assertThat(files.path("format").asText()).isEqualTo("generic");
        assertThat(files.path("type").asText()).isEqualTo("remote");
        assertThat(files.path("url").asText()).isEqualTo("http://127.0.0.1:8000/dist");
        assertThat(files.path("mutable")).extracting(JsonNode::asText).containsExactly("**/latest/*", "**/*.json");
        assertThat(files.path("metadataTtl").asText()).isEqualTo("1s");
        JsonNode uploads = yaml.at("/repositories/2");
        assertThat(uploads.path("type").asText()).isEqualTo("local");
        assertThat(uploads.path("allowOverwrite").isBoolean()).isTrue();
        assertThat(uploads.path("allowOverwrite").asBoolean()).isTrue();
        assertThat(uploads.has("url")).isFalse();
        assertThat(yaml.at("/repositories/3").has("allowOverwrite")).as("Wharf's default applies").isFalse();
        JsonNode all = yaml.at("/repositories/4");
        assertThat(all.path("type").asText()).isEqualTo("virtual");
        assertThat(all.path("members")).extracting(JsonNode::asText).containsExactly("uploads", "files");
        assertThat(all.path("deployTo").asText()).isEqualTo("uploads");
    }

    @Test
    void rendersDockerLocalsAndVirtualsAfterTheDockerRemotesAndBeforeGenerics() throws IOException {
        WharfConfig config = new WharfConfig(18082, Path.of("/tmp/d"), null, null, null, null,
                List.of(RemoteRepository.of("hub", "http://127.0.0.1:5000")),
                List.of(GenericRepository.local("files")), null,
                List.of(DockerRepository.local("images"), DockerRepository.virtual("docker", "images", "hub").deployTo("images")));

        JsonNode yaml = new YAMLMapper().readTree(config.toYaml());

        assertThat(yaml.at("/repositories/0/key").asText()).isEqualTo("hub");
        JsonNode images = yaml.at("/repositories/1");
        assertThat(images.path("key").asText()).isEqualTo("images");
        assertThat(images.path("format").asText()).isEqualTo("docker");
        assertThat(images.path("type").asText()).isEqualTo("local");
        assertThat(images.has("members")).isFalse();
        JsonNode docker = yaml.at("/repositories/2");
        assertThat(docker.path("type").asText()).isEqualTo("virtual");
        assertThat(docker.path("members")).extracting(JsonNode::asText).containsExactly("images", "hub");
        assertThat(docker.path("deployTo").asText()).isEqualTo("images");
        assertThat(yaml.at("/repositories/3/format").asText()).isEqualTo("generic");
        assertThatThrownBy(() -> DockerRepository.virtual("v", "a").deployTo("b")).hasMessageContaining("one of the members");
    }

    @Test
    void refusesGenericOptionsTheirTypeDoesNotHave() {
        assertThatThrownBy(() -> GenericRepository.local("l").mutable("*")).hasMessageContaining("only a remote");
        assertThatThrownBy(() -> GenericRepository.remote("r", "http://127.0.0.1:1").allowOverwrite(true))
                .hasMessageContaining("only a local");
        assertThatThrownBy(() -> GenericRepository.virtual("v")).hasMessageContaining("members");
        assertThatThrownBy(() -> GenericRepository.virtual("v", "a").deployTo("b")).hasMessageContaining("one of the members");
    }

    @Test
    void leavesOutTheMirrorDefaultAndIdleTimeoutWhenThereAreNone() throws IOException {
        WharfConfig config = new WharfConfig(8080, Path.of("/tmp/y"), null, null, List.of(RemoteRepository.of("hub", "http://127.0.0.1:1")));

        JsonNode yaml = new YAMLMapper().readTree(config.toYaml());
        assertThat(yaml.has("docker")).isFalse();
        assertThat(yaml.at("/server").has("idleTimeout")).isFalse();
        assertThat(yaml.at("/server").has("limits")).isFalse();
        assertThat(yaml.has("cache")).isFalse();
    }
}
