package dev.wharf.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.wharf.config.BlobsConfig;
import dev.wharf.config.ConfigLoader;
import dev.wharf.config.CoordinationConfig;
import dev.wharf.config.WharfConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plain Kubernetes manifests (the chart's render, which CI keeps in step with the chart) carry a config
 * that this build loads: the cluster shape, with the secrets and the pod's address from the environment.
 */
class DeployManifestTest {
    private static final Path MANIFESTS = Path.of("..", "src", "deploy", "kubernetes", "wharf.yaml");

    @TempDir
    Path dir;

    @Test
    void theConfigMapHoldsAClusterConfigThatLoads() throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class)
                .readValues(MANIFESTS.toFile())) {
            it.forEachRemaining(documents::add);
        }
        JsonNode configMap = documents.stream().filter(d -> d.path("kind").asText().equals("ConfigMap")).findFirst().orElseThrow();
        Path config = Files.writeString(dir.resolve("wharf.yaml"), configMap.path("data").path("wharf.yaml").asText());

        WharfConfig loaded = ConfigLoader.load(config, Map.of("WHARF_CLUSTER_SECRET", "s", "WHARF_DB_PASSWORD", "p",
                "POD_IP", "10.0.0.5"), new BuiltInFormats());

        assertThat(loaded.storage().blobs().type()).isEqualTo(BlobsConfig.S3);
        assertThat(loaded.storage().metadata().type()).isEqualTo("postgres");
        assertThat(loaded.storage().coordination().type()).isEqualTo(CoordinationConfig.REDIS);
        assertThat(loaded.cluster().secret()).isEqualTo("s");
        assertThat(loaded.cluster().advertiseUrl()).isEqualTo("http://10.0.0.5:8080");
        assertThat(documents).extracting(d -> d.path("kind").asText())
                .contains("Deployment", "Service", "PodDisruptionBudget", "ConfigMap");
        JsonNode deployment = documents.stream().filter(d -> d.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(2);
        JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/health/ready");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/health/live");
    }
}
