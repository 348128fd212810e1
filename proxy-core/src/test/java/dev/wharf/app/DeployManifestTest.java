package dev.wharf.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
 * that this build loads: the cluster shape, with the secrets and the pod's address from the environment; and they
 * run the image {@code mvn -Pimage} builds as it is built (name and tag, port, user, data volume), which
 * proxy-core's pom passes to this test as system properties.
 */
class DeployManifestTest {
    private static final Path MANIFESTS = Path.of("..", "src", "deploy", "kubernetes", "wharf.yaml");

    @TempDir
    Path dir;

    @Test
    void theConfigMapHoldsAClusterConfigThatLoads() throws IOException {
        List<JsonNode> documents = documents();
        WharfConfig loaded = loadedConfig(documents);

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

    @Test
    void theDeploymentRunsTheImageThisBuildMakes() throws IOException {
        String image = System.getProperty("wharf.image");
        assumeTrue(image != null, "run through Maven: proxy-core's pom passes the image's name, user and paths");
        String user = System.getProperty("wharf.image.user");
        String dataDir = System.getProperty("wharf.image.dataDir");
        int port = Integer.parseInt(System.getProperty("wharf.image.port"));
        List<JsonNode> documents = documents();
        WharfConfig loaded = loadedConfig(documents);
        JsonNode pod = documents.stream().filter(d -> d.path("kind").asText().equals("Deployment")).findFirst().orElseThrow()
                .path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);

        assertThat(container.path("image").asText()).isEqualTo(image);
        assertThat(pod.path("securityContext").path("runAsUser").asText()).isEqualTo(user);
        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(port);
        assertThat(loaded.server().port()).isEqualTo(port);
        List<String> mounts = new ArrayList<>();
        container.path("volumeMounts").forEach(m -> mounts.add(m.path("mountPath").asText()));
        assertThat(mounts).contains(dataDir);
        assertThat(loaded.cache().spoolPath()).startsWithRaw(Path.of(dataDir));
        List<String> args = new ArrayList<>();
        container.path("args").forEach(a -> args.add(a.asText()));
        assertThat(args).containsSequence("serve", "--config");
        assertThat(mounts).contains(Path.of(args.get(args.indexOf("--config") + 1)).getParent().toString());
    }

    private static List<JsonNode> documents() throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class)
                .readValues(MANIFESTS.toFile())) {
            it.forEachRemaining(documents::add);
        }
        return documents;
    }

    private WharfConfig loadedConfig(List<JsonNode> documents) throws IOException {
        JsonNode configMap = documents.stream().filter(d -> d.path("kind").asText().equals("ConfigMap")).findFirst().orElseThrow();
        Path config = Files.writeString(dir.resolve("wharf.yaml"), configMap.path("data").path("wharf.yaml").asText());
        return ConfigLoader.load(config, Map.of("WHARF_CLUSTER_SECRET", "s", "WHARF_DB_PASSWORD", "p",
                "POD_IP", "10.0.0.5"), new BuiltInFormats());
    }
}
