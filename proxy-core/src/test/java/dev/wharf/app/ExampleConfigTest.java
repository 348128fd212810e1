package dev.wharf.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.config.BlobsConfig;
import dev.wharf.config.ConfigLoader;
import dev.wharf.config.CoordinationConfig;
import dev.wharf.config.GcConfig;
import dev.wharf.config.Limits;
import dev.wharf.config.MetadataConfig;
import dev.wharf.config.RepositoryConfig;
import dev.wharf.config.RepositoryType;
import dev.wharf.config.ServerConfig;
import dev.wharf.config.TlsConfig;
import dev.wharf.config.UpstreamConfig;
import dev.wharf.config.WharfConfig;
import dev.wharf.docker.DockerOptions;
import dev.wharf.docker.DockerSettings;
import dev.wharf.generic.GenericRemoteOptions;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples of PRODUCT.md ("Configuration") and the README load with the formats of the build, every value where it should be. */
class ExampleConfigTest {
    private static final Path WORKING_DIR = Path.of("").toAbsolutePath();
    private static final Map<String, String> ENV = Map.of("WHARF_ADMIN_TOKEN", "admin-token",
            "WHARF_CLUSTER_SECRET", "cluster-secret", "HUB_PASSWORD", "hub-secret");

    @TempDir
    Path dir;

    @Test
    void productExampleLoads() throws URISyntaxException {
        Path example = Path.of(ExampleConfigTest.class.getResource("/config/example.yaml").toURI());

        WharfConfig config = ConfigLoader.load(example, ENV, new BuiltInFormats());

        ServerConfig server = config.server();
        assertThat(server.port()).isEqualTo(8080);
        assertThat(server.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(server.tls()).isEqualTo(new TlsConfig(WORKING_DIR.resolve("cert.pem"), WORKING_DIR.resolve("key.pem")));
        assertThat(server.limits()).isEqualTo(Limits.DEFAULTS);
        assertThat(server.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(server.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));

        assertThat(config.storage().blobs()).isEqualTo(BlobsConfig.filesystem(WORKING_DIR.resolve("wharf-data/blobs")));
        assertThat(config.storage().metadata()).isEqualTo(MetadataConfig.embedded(WORKING_DIR.resolve("wharf-data/meta")));
        assertThat(config.storage().coordination()).isEqualTo(CoordinationConfig.IN_PROCESS);
        assertThat(config.storage().maxSize()).isEqualTo(500L << 30);
        assertThat(config.section("docker", DockerSettings.class).defaultRepository()).isEqualTo("dockerhub");
        assertThat(config.auth().anonymousRead()).isTrue();
        assertThat(config.auth().bootstrapToken()).isEqualTo("admin-token");
        assertThat(config.cluster().secret()).isEqualTo("cluster-secret");
        assertThat(config.logging().format()).isEqualTo("text");
        assertThat(config.gc()).isEqualTo(new GcConfig(Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(24)));

        URI hub = URI.create("https://registry-1.docker.io");
        assertThat(config.repositories()).containsExactly(
                new RepositoryConfig("dockerhub", "docker", RepositoryType.REMOTE, hub, null, null,
                        Duration.ofMinutes(10), Duration.ofMinutes(1), List.of(), List.of(), null,
                        new UpstreamConfig(64, 48, Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(5)),
                        List.of(), null, new DockerOptions()),
                RepositoryConfig.local("images", "docker", new DockerOptions()),
                RepositoryConfig.virtual("docker", "docker", List.of("images", "dockerhub"), "images", new DockerOptions()),
                RepositoryConfig.remote("files", "generic", URI.create("https://downloads.example.com"),
                        new GenericRemoteOptions(List.of("**/latest/*", "**/*.json"))));
        assertThat(config.repository("docker")).map(RepositoryConfig::type).contains(RepositoryType.VIRTUAL);
        assertThat(config.repository("absent")).isEmpty();
    }

    @Test
    void readmeExampleLoads() throws IOException {
        Matcher block = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(WORKING_DIR.resolve("../README.md")));
        assertThat(block.find()).isTrue();
        Path file = dir.resolve("wharf.yaml");
        Files.writeString(file, block.group(1));

        WharfConfig config = ConfigLoader.load(file, ENV, new BuiltInFormats());

        RepositoryConfig hub = config.repository("hub").orElseThrow();
        assertThat(hub.password()).isEqualTo("hub-secret");
        assertThat(hub.blocklist()).containsExactly("evil/*");
        assertThat(config.section("docker", DockerSettings.class).defaultRepository()).isEqualTo("hub");
    }
}
