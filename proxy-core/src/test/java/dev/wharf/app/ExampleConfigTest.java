package dev.wharf.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.config.BlobsConfig;
import dev.wharf.config.ConfigLoader;
import dev.wharf.config.CoordinationConfig;
import dev.wharf.config.Limits;
import dev.wharf.config.MetadataConfig;
import dev.wharf.config.RepositoryConfig;
import dev.wharf.config.RepositoryType;
import dev.wharf.config.ServerConfig;
import dev.wharf.config.TlsConfig;
import dev.wharf.config.WharfConfig;
import dev.wharf.docker.DockerOptions;
import dev.wharf.docker.DockerSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example of PRODUCT.md ("Configuration") loads with the formats of the build, and every value in it arrives where it should. */
class ExampleConfigTest {
    private static final Path WORKING_DIR = Path.of("").toAbsolutePath();

    @Test
    void documentedExampleLoads() throws URISyntaxException {
        Path example = Path.of(ExampleConfigTest.class.getResource("/config/example.yaml").toURI());

        WharfConfig config = ConfigLoader.load(example, Map.of(), new BuiltInFormats());

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
        assertThat(config.section("docker", DockerSettings.class).defaultRepository()).isEqualTo("dockerhub");
        assertThat(config.auth().anonymousRead()).isTrue();

        assertThat(config.repositories()).containsExactly(
                RepositoryConfig.remote("dockerhub", "docker", URI.create("https://registry-1.docker.io"), new DockerOptions()),
                RepositoryConfig.local("images", "docker", new DockerOptions()),
                RepositoryConfig.virtual("docker", "docker", List.of("images", "dockerhub"), "images", new DockerOptions()));
        assertThat(config.repository("docker")).map(RepositoryConfig::type).contains(RepositoryType.VIRTUAL);
        assertThat(config.repository("absent")).isEmpty();
    }
}
